"""Who is calling the read API: an officer's machine client by its key (`X-API-Key`), a signed-in browser, or
the public; the same `Viewer` the pages use, so the API shows exactly what the pages would. Then the rate limit."""

from __future__ import annotations

import logging

from flask import abort, g, jsonify, request
from flask_login import current_user

from api import limits
from data.core import db
from data.people import access, api_keys
from security import identity

log = logging.getLogger("security")
HEADER = "X-API-Key"


def _refuse(status: int, message: str, headers: dict | None = None):
    response = jsonify({"code": status, "status": {401: "Unauthorized", 429: "Too Many Requests"}[status],
                        "message": message})
    response.status_code = status
    response.headers.update(headers or {})
    response.headers["Cache-Control"] = "no-store"
    abort(response)


def before_request():
    """Run before every /api/v1/ view: name the viewer (g.viewer) and count the request against the limit."""
    sent = request.headers.get(HEADER)
    key_id = None
    if sent:
        with db.engine().connect() as conn:
            found = api_keys.account_of(conn, sent.strip())
        if found is None:
            log.warning("API key refused on %s from %s", request.path, request.remote_addr)
            _refuse(401, f"The {HEADER} header holds no valid key (revoked, mistyped, or its account is "
                         "deactivated).", {"WWW-Authenticate": f'ApiKey header="{HEADER}"'})
        key_id, account = found
        g.viewer = access.Viewer(role=account.role, username=account.username, display_name=account.display_name,
                                 services=account.services, may_see_names=True)
        g.api_keyed = True
    elif not current_user.is_authenticated and not access.public_mode():
        _refuse(401, f"Sign in, or send an API key in the {HEADER} header: this council's figures are not public.",
                {"WWW-Authenticate": f'ApiKey header="{HEADER}"'})
    bucket = f"key:{key_id}" if key_id is not None else f"ip:{(request.remote_addr or '-')[:64]}"
    limit = limits.limit_for(key_id is not None)
    count, wait = limits.hit(bucket)
    g.api_rate = (limit, max(0, limit - count))
    if count > limit:
        _refuse(429, f"More than {limit} requests a minute: wait {wait} seconds.",
                {"Retry-After": str(wait), "X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": "0"})


def viewer() -> access.Viewer:
    return identity.viewer()


def personal() -> bool:
    """Whether the answer depends on who asks (a key or a session): then no shared cache may keep it."""
    return bool(g.get("api_keyed")) or bool(getattr(current_user, "is_authenticated", False))
