"""Central enforcement: every request is checked here before it can reach a callback, a view or a page's data.

- Unsafe methods need the CSRF token.
- POST /_dash-update-component: the callback is found by its output ids in the app's callback map and its
  `@requires(role)` marker (default "public") is compared with the viewer's role.
- Other POST/PUT/PATCH/DELETE routes must carry a marker, or they are refused (fail closed).
- Pages: each layout in Dash's page registry is wrapped; a page's `required_role` (register_page keyword,
  default "public") decides whether it renders or says it is not allowed. With PUBLIC_MODE=0 an anonymous
  visitor is sent to the sign-in page.
"""

from __future__ import annotations

import functools
import logging

import dash
from flask import Flask, abort, redirect, request
from flask_login import current_user
from urllib.parse import quote

from data.core import db
from data.people import access
from data.people.access import RANK
from security import csrf, identity
from security.roles import ANYONE, DEFAULT, rank_needed, required_role, service_inputs

log = logging.getLogger("security")
CALLBACK_PATH = "/_dash-update-component"
# Served to anyone: the app shell, scripts, styles and the sign-in page (they hold no council data).
OPEN_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_dash-layout", "/_dash-dependencies", "/_favicon",
                 "/_reload-hash", "/health", "/login", "/notifications/unsubscribe")
CSRF_EXEMPT = {"/notifications/unsubscribe"}  # its signed token is the credential (security/unsubscribe.py)
PAGES_ROUTER_OUTPUT = "_pages_content.children"
# Answer for themselves (never a redirect to a sign-in page): the read API says 401 in JSON to a caller without
# the right (api/access.py), with PUBLIC_MODE=0 as with an API key.
SELF_GUARDED = ("/api/",)


def viewer_rank() -> int:
    """The viewer's rank; -1 for an anonymous visitor when public mode is off."""
    if current_user.is_authenticated:
        return RANK[current_user.role]
    return RANK["public"] if access.public_mode() else -1


def allowed(role: str | None) -> bool:
    return viewer_rank() >= rank_needed(role or DEFAULT)


def callback_role(app: dash.Dash, output: str) -> str | None:
    """The role marked on the callback that writes `output` (Dash's callback-map key); None if unknown."""
    entry = app.callback_map.get(output)
    if entry is None:
        return None
    if PAGES_ROUTER_OUTPUT in output:
        return ANYONE  # page layouts are guarded one by one (wrap_pages)
    return required_role(entry.get("callback")) or DEFAULT


def _named_values(items, component_ids) -> list:
    """The values the request gives for these components, in its `inputs` or `state` (lists: pattern matching)."""
    found, stack = [], list(items) if isinstance(items, list) else []
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict) and item.get("id") in component_ids:
            found.append(item.get("value"))
    return found


def services_allowed(app: dash.Dash, output: str, body: dict) -> bool:
    """Every service a callback's request names (in the inputs marked `own_services`) is one the viewer may edit.
    An empty choice (no service yet) is left to the callback, which reads nothing for it."""
    entry = app.callback_map.get(output) or {}
    marked = service_inputs(entry.get("callback"))
    if not marked:
        return True
    named = [v for v in _named_values([body.get("inputs"), body.get("state")], marked) if v not in (None, "")]
    if not named:
        return True
    viewer = identity.viewer()
    with db.connect() as conn:
        return all(access.may_edit_service(conn, viewer, v) for v in named)


def _refuse(status: int, message: str):
    log.warning("refused %s %s: %s (user=%r)", request.method, request.path, message,
                getattr(current_user, "username", None))
    abort(status, message)


def callback_body():
    """The callback request's JSON, or a plain 400 when it is not JSON a browser would send: unreadable, or nested
    so deep that reading it would exhaust the parser (a crafted body of 100,000 brackets)."""
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        _refuse(400, "The request could not be read: it is nested too deeply.")
    return body or {}


def check_request(app: dash.Dash, server: Flask):
    if not csrf.request_is_valid() and request.path not in CSRF_EXEMPT:
        _refuse(403, "The form or request expired or came from another site. Reload the page and try again.")
    if request.path == CALLBACK_PATH:
        body = callback_body()
        output = body.get("output") if isinstance(body, dict) else None
        role = callback_role(app, output) if isinstance(output, str) else None
        if role is None:
            _refuse(400, "Unknown request.")
        if not allowed(role):
            _refuse(401 if viewer_rank() < 0 else 403, "You do not have permission to do that.")
        if not services_allowed(app, output, body):
            _refuse(403, "You may not see or change this service's figures.")
        return None
    view = server.view_functions.get(request.endpoint) if request.endpoint else None
    marked = required_role(view) if view else None
    if request.method not in csrf.SAFE_METHODS and marked is None:
        _refuse(403, "You do not have permission to do that.")
    if marked is not None and not allowed(marked):
        _refuse(403, "You do not have permission to do that.")
    if viewer_rank() < 0 and request.method == "GET" and not request.path.startswith(OPEN_PREFIXES + SELF_GUARDED):
        return redirect("/login?next=" + quote(request.full_path.rstrip("?"), safe="/"))
    return None


def _not_allowed_layout(signed_in: bool):
    from dash import dcc, html
    if signed_in:
        return html.Main([html.H1("Not allowed"), html.P("You do not have permission to see this page.")],
                         **MAIN)
    return html.Main([html.H1("Please sign in"), html.P("This page is for signed-in council staff and members."),
                      dcc.Link("Sign in", href="/login")], **MAIN)


MAIN = {"id": "main-content", "tabIndex": -1, "className": "page container-fluid"}   # as every page's (skip link)


def guard_layout(layout, role: str):
    """A page layout that renders only for viewers with `role` (checked on the server at every render)."""
    @functools.wraps(layout)
    def guarded(*args, **kwargs):
        if not args and not kwargs and hasattr(layout, "skeleton"):
            return layout()   # Dash learning the page's component IDs: a skeleton holds no figures
        if not allowed(role):
            return _not_allowed_layout(current_user.is_authenticated)
        return layout(*args, **kwargs)
    return guarded


def wrap_pages() -> None:
    for page in dash.page_registry.values():
        if callable(page["layout"]) and not getattr(page["layout"], "_guarded", False):
            page["layout"] = guard_layout(page["layout"], page.get("required_role", DEFAULT))
            page["layout"]._guarded = True


def page_roles() -> dict[str, str]:
    """path -> required role of every registered page (for tests and docs)."""
    return {page["path"]: page.get("required_role", DEFAULT) for page in dash.page_registry.values()}


def callback_roles(app: dash.Dash) -> dict[str, str]:
    """callback output key -> required role, for every server callback of the app."""
    return {output: callback_role(app, output) for output in app.callback_map}


def init_app(server: Flask, app: dash.Dash) -> None:
    wrap_pages()
    server.before_request(functools.partial(check_request, app, server))
