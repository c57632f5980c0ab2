"""CSRF: a random token kept in the signed session, echoed by Dash in a header and by forms in a field.

Dash's renderer reads the `_csrf_token` cookie and sends it as `X-CSRFToken` on every callback (Dash 4.1+
`csrf_token_name`/`csrf_header_name`, left at their defaults); a cross-site page can neither read the cookie nor
set the header, and the server compares it with the copy inside the session cookie.
"""

from __future__ import annotations

import secrets

from flask import has_request_context, request, session

COOKIE = "_csrf_token"    # Dash's default csrf_token_name
HEADER = "X-CSRFToken"    # Dash's default csrf_header_name
FIELD = "csrf_token"      # hidden field of the plain HTML forms (sign-in, sign-out)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def token() -> str:
    """The session's CSRF token (made on first use); empty outside a request."""
    if not has_request_context():
        return ""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def new_token() -> str:
    session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def request_is_valid() -> bool:
    if request.method in SAFE_METHODS:
        return True
    expected = session.get("csrf")
    sent = request.headers.get(HEADER) or (request.form.get(FIELD) if request.mimetype in (
        "application/x-www-form-urlencoded", "multipart/form-data") else None)
    return bool(expected and sent) and secrets.compare_digest(str(expected), str(sent))


def set_cookie(response, secure: bool):
    """Keep the readable cookie equal to the session's token (JavaScript must read it, so not HttpOnly)."""
    value = token()
    if request.cookies.get(COOKIE) != value:
        response.set_cookie(COOKIE, value, secure=secure, httponly=False, samesite="Strict", path="/")
    return response
