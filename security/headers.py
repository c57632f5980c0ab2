"""Response hardening: cookie flags, security headers with a content security policy, friendly error pages."""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import secrets
import uuid

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from data.core import settings
from data.people.access import Forbidden
from security import csrf

log = logging.getLogger("security")
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
CALLBACK_PATH = "/_dash-update-component"


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


def content_security_policy(html: str | None) -> str:
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
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def add_headers(response):
    html = response.get_data(as_text=True) if response.mimetype == "text/html" and not response.direct_passthrough \
        else None
    response.headers["Content-Security-Policy"] = content_security_policy(html)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if not request.path.startswith(("/assets/", "/_dash-component-suites/")):
        response.headers["Cache-Control"] = "no-store"
        csrf.set_cookie(response, cookie_secure())
    return response


def _page(title: str, message: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            '<link rel="stylesheet" href="/assets/01-bootstrap.min.css"></head>'
            f'<body><main class="container py-4"><h1>{escape(title)}</h1><p>{escape(message)}</p>'
            '<p><a href="/">Back to the dashboard</a></p></main></body></html>')


def _respond(status: int, title: str, message: str):
    if request.path == CALLBACK_PATH:
        return message, status, {"Content-Type": "text/plain; charset=utf-8"}
    return _page(title, message), status, {"Content-Type": "text/html; charset=utf-8"}


def handle_http_error(error: HTTPException):
    if error.code and error.code < 400:
        return error
    titles = {401: "Please sign in", 403: "Not allowed", 404: "Page not found", 413: "Too large"}
    return _respond(error.code or 500, titles.get(error.code, error.name), error.description or error.name)


def handle_forbidden(error: Forbidden):
    log.warning("forbidden %s %s: %s", request.method, request.path, error)
    return _respond(403, "Not allowed", "You do not have permission to do that.")


def handle_unexpected(error: Exception):
    """Log the trace under an id; show only the id (no stack trace or SQL reaches a user)."""
    error_id = uuid.uuid4().hex[:10]
    log.error("error %s on %s %s", error_id, request.method, request.path, exc_info=error)
    return _respond(500, "Something went wrong",
                    f"Something went wrong on our side. If you report it, quote error reference {error_id}.")


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
    server.after_request(add_headers)
    server.register_error_handler(HTTPException, handle_http_error)
    server.register_error_handler(Forbidden, handle_forbidden)
    server.register_error_handler(Exception, handle_unexpected)
