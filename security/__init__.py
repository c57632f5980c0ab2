"""The web security layer: sign-in, roles enforced on every request, CSRF, headers and error pages.

`security.init_app(server, app)` once in app.py. Mark state-changing callbacks and routes with
`@requires("editor")` (or "officer"); pages set `required_role=` in `dash.register_page`.
"""

from __future__ import annotations

import logging
import sys

import dash
from flask import Flask

from security import auth, guard, headers, unsubscribe
from security.csrf import token as csrf_token
from security.roles import ANYONE, own_services, requires

__all__ = ["init_app", "requires", "own_services", "ANYONE", "csrf_token"]


def init_app(server: Flask, app: dash.Dash) -> None:
    _log_to_stderr()
    headers.init_app(server)
    auth.init_app(server)
    unsubscribe.init_app(server)
    guard.init_app(server, app)


def _log_to_stderr() -> None:
    """Sign-ins, refusals and error references reach the server log (gunicorn leaves the root logger bare)."""
    log = logging.getLogger("security")
    log.setLevel(logging.INFO)
    if not log.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s"))
        log.addHandler(handler)
