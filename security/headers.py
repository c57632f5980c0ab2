"""Response hardening: cookie flags, security headers with a content security policy, friendly error pages."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import secrets
import uuid

from flask import Flask, current_app, request
from flask.sessions import SecureCookieSessionInterface
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from data.core import db, settings
from data.people.access import Forbidden
from security import csrf

log = logging.getLogger("security")
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
CALLBACK_PATH = "/_dash-update-component"
API_PREFIX = "/api/"          # JSON errors; the API sets its own cache headers and never a cookie
EMBED_PREFIX = "/embed/"      # no cookie either: an embed is the same for everyone
_FRAMEABLE = "_frame_ancestors_allowed"


def embeddable(view):
    """Mark a Flask view whose page other sites may frame: only the origins in EMBED_ALLOWED_ORIGINS."""
    setattr(view, _FRAMEABLE, True)
    return view


def embed_origins() -> list[str]:
    """EMBED_ALLOWED_ORIGINS as CSP source expressions (`https://www.council.gov.uk`); anything that is not a
    plain scheme://host[:port] origin is left out, so a typo can never open framing to everyone."""
    found = []
    for item in re.split(r"[\s,]+", settings.get("EMBED_ALLOWED_ORIGINS") or ""):
        if re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?", item.rstrip("/")):
            found.append(item.rstrip("/").lower())
    return found


def _frame_ancestors() -> str | None:
    """The origins that may frame this response: None (nobody) unless the view is marked embeddable."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if view is None or not getattr(view, _FRAMEABLE, False):
        return None
    return " ".join(embed_origins()) or None


def cookie_secure() -> bool:
    """COOKIE_SECURE=auto marks cookies Secure when the request came over HTTPS (so `make run` works on http)."""
    mode = (settings.get("COOKIE_SECURE") or "auto").lower()
    if mode in ("1", "true", "yes", "on"):
        return True
    if mode in ("0", "false", "no", "off"):
        return False
    return request.is_secure


class SessionInterface(SecureCookieSessionInterface):
    def get_cookie_secure(self, app) -> bool:
        return cookie_secure()

    def should_set_cookie(self, app, session) -> bool:
        """Never on the read API or an embed: their answers may sit in shared caches, which must hold no cookie."""
        if request.path.startswith((API_PREFIX, EMBED_PREFIX)):
            return False
        return super().should_set_cookie(app, session)


def content_security_policy(html: str | None, frame_ancestors: str | None = None) -> str:
    """No inline script runs unless it is one the server sent in this very page (by its SHA-256 hash)."""
    hashes = ""
    if html:
        for body in _INLINE_SCRIPT.findall(html):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            hashes += f" 'sha256-{digest}'"
    return ("default-src 'self'; "
            f"script-src 'self'{hashes}; "
            "style-src 'self' 'unsafe-inline'; "   # React and Plotly set inline styles
            "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors " + (frame_ancestors or "'none'"))


def add_headers(response):
    html = response.get_data(as_text=True) if response.mimetype == "text/html" and not response.direct_passthrough \
        else None
    ancestors = _frame_ancestors()
    response.headers["Content-Security-Policy"] = content_security_policy(html, ancestors)
    response.headers["X-Content-Type-Options"] = "nosniff"
    if ancestors is None:
        response.headers["X-Frame-Options"] = "DENY"   # browsers without CSP; an allow-list cannot be said here
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if request.path.startswith((API_PREFIX, EMBED_PREFIX)) and response.headers.get("Cache-Control") \
            and response.status_code < 400:
        pass   # the read API and embeds say themselves how long published figures may be kept
    elif request.path.startswith("/assets/") and request.args.get("m") and response.status_code == 200:
        # Dash names each asset with its file's modification time (`?m=...`), as it does its own bundles: a changed
        # file gets a new address, so the browser may keep this one (1.2 MB of Plotly among them) without asking
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    elif not request.path.startswith(("/assets/", "/_dash-component-suites/")):
        response.headers["Cache-Control"] = "no-store"
    if not request.path.startswith(("/assets/", "/_dash-component-suites/", API_PREFIX, EMBED_PREFIX)):
        csrf.set_cookie(response, cookie_secure())
    return response


def _page(title: str, message: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            '<link rel="stylesheet" href="/assets/01-bootstrap.min.css"></head>'
            f'<body><main class="container py-4"><h1>{escape(title)}</h1><p>{escape(message)}</p>'
            '<p><a href="/">Back to the dashboard</a></p></main></body></html>')


def _respond(status: int, title: str, message: str, errors: dict | None = None):
    if request.path.startswith(API_PREFIX):
        body = {"code": status, "status": title, "message": message, **({"errors": errors} if errors else {})}
        return json.dumps(body), status, {"Content-Type": "application/json"}
    if request.path == CALLBACK_PATH or request.path.startswith("/_dash-"):   # read by Dash's renderer: words only
        return message, status, {"Content-Type": "text/plain; charset=utf-8"}
    return _page(title, message), status, {"Content-Type": "text/html; charset=utf-8"}


def handle_http_error(error: HTTPException):
    if error.code and error.code < 400:
        return error
    titles = {401: "Please sign in", 403: "Not allowed", 404: "Page not found", 413: "Too large"}
    if request.path.startswith(API_PREFIX):   # webargs' abort keeps the message and field errors in `data`
        data = getattr(error, "data", None) or {}
        message = data.get("message") or error.description or error.name
        response = _respond(error.code or 500, error.name, str(message), data.get("messages") or data.get("errors"))
        return response[0], response[1], {**response[2], **(data.get("headers") or {})}
    return _respond(error.code or 500, titles.get(error.code, error.name), error.description or error.name)


def handle_forbidden(error: Forbidden):
    log.warning("forbidden %s %s: %s", request.method, request.path, error)
    return _respond(403, "Not allowed", "You do not have permission to do that.")


def handle_unexpected(error: Exception):
    """Log the trace under an id; show only the id (no stack trace or SQL reaches a user). A database that cannot
    be reached is a 503 saying so, logged without the trace."""
    down = db.unavailable(error)
    if down:
        return database_unavailable(down, error)
    error_id = uuid.uuid4().hex[:10]
    log.error("error %s on %s %s", error_id, request.method, request.path, exc_info=error)
    return _respond(500, "Something went wrong",
                    f"Something went wrong on our side. If you report it, quote error reference {error_id}.")


_PAGE_PREFIXES_WITHOUT_DATA = ("/assets/", "/_dash-", "/_favicon", "/_reload-hash", "/health", "/ready")


def database_unavailable(message: str = db.UNAVAILABLE, error: Exception | None = None):
    log.warning("database unavailable on %s %s: %s", request.method, request.path,
                type(error).__name__ if error else "no answer")
    body, status, headers = _respond(503, "Try again shortly", message)
    return body, status, {**headers, "Retry-After": "5"}


def check_database():
    """A page's first request (the HTML shell) asks the database first, so a visitor sees the database is
    unavailable in the page itself, with 503, rather than a shell that stays empty. Once it answers, pages work
    again with no restart (the pool reconnects)."""
    if request.method != "GET" or request.path.startswith(_PAGE_PREFIXES_WITHOUT_DATA):
        return None
    down = db.ping()
    return database_unavailable(down) if down else None


def instance_secret_key() -> str:
    """A random key kept in instance/ so every gunicorn worker signs sessions alike when SECRET_KEY is unset."""
    path = settings.ROOT / "instance" / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Write aside, then link into place: a second worker never reads a half-written key.
        draft = path.with_name(f"secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()

def max_request_bytes() -> int:
    """Room for the largest upload as Dash sends it (base64 inside JSON: 4/3 of the file) plus 1 MB."""
    return int(float(settings.get("MAX_UPLOAD_MB")) * 1024 * 1024 * 4 / 3) + 1024 * 1024


def init_app(server: Flask) -> None:
    if not os.environ.get("SECRET_KEY"):
        server.config["SECRET_KEY"] = instance_secret_key()
    server.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                         MAX_CONTENT_LENGTH=max_request_bytes())
    server.session_interface = SessionInterface()
    server.before_request(check_database)
    server.after_request(add_headers)
    server.register_error_handler(HTTPException, handle_http_error)
    server.register_error_handler(Forbidden, handle_forbidden)
    server.register_error_handler(Exception, handle_unexpected)
