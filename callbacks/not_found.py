"""HTTP 404 for unknown pages: Dash answers every path with its index page and 200, and the pages then say "not
found". This hook makes the server answer unknown pages, directorates and measures with the same page and a 404."""

from __future__ import annotations

import re
from urllib.parse import unquote

import dash
from flask import request

from data.core import db, loaders


def _template_regex(template: str) -> re.Pattern:
    parts = re.split(r"<(\w+)>", template)
    pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^/]+)" for i, p in enumerate(parts))
    return re.compile(f"^{pattern}/?$")


def _exists(kind: str, key: str) -> bool:
    with db.connect() as conn:
        if kind == "slug":
            return key in set(loaders.directorates(conn)["slug"])
        if kind == "code":
            return not loaders.measures(conn, code=key).empty
    return True


def match_page(path: str) -> tuple[dict | None, dict]:
    """(the registered page answering the path, its path variables), or (None, {})."""
    path = unquote(path) or "/"
    for page in dash.page_registry.values():
        if page.get("path_template"):
            match = _template_regex(page["path_template"]).match(path)
            if match:
                return page, match.groupdict()
        elif page["path"] == path or page["path"] == path.rstrip("/"):
            return page, {}
    return None, {}


def page_exists(path: str) -> bool:
    """Whether a registered page answers the path, with its directorate or measure found in the database."""
    page, variables = match_page(path)
    if page is None or page["module"].endswith("not_found_404"):
        return False
    return all(_exists(kind, key) for kind, key in variables.items())


def register_not_found(app: dash.Dash) -> None:
    """Answer unknown paths with the Dash index page (which renders the not-found page) and status 404."""
    catchall = app.config.routes_pathname_prefix + "<path:path>"

    @app.server.before_request
    def _not_found():
        if request.method == "GET" and request.endpoint == catchall and not page_exists(request.path):
            return app.index(), 404
        return None
