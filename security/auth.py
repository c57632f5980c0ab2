"""Sign-in and sign-out with flask-login; sessions end when idle, after a fixed span, or when the user's token rotates.

The pages never look at how someone signed in: they read `security.identity.viewer()`, built from flask-login's
`current_user`. A single sign-on route only has to end in `start_session(account)` (docs/SECURITY.md).
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from urllib.parse import urlencode

from flask import Blueprint, Flask, redirect, request, session
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from data.core import db, settings
from data.people import users
from security import ratelimit
from security.csrf import new_token
from security.roles import ANYONE, requires

log = logging.getLogger("security")
blueprint = Blueprint("auth", __name__)
SIGN_IN_PAGE = "/login"


class SignedIn(UserMixin):
    """flask-login's user: the account, with the session token inside the id so rotating it ends the session."""

    def __init__(self, account: users.Account):
        self.account = account

    def get_id(self) -> str:
        return f"{self.account.id}:{self.account.session_token}"

    def __getattr__(self, name):
        return getattr(self.__dict__["account"], name)


def _load_user(user_id: str):
    uid, _, token = (user_id or "").partition(":")
    if not uid.isdigit() or not token:
        return None
    with db.connect() as conn:
        account = users.load(conn, int(uid), token)
    return SignedIn(account) if account else None


def safe_next(target: str | None) -> str:
    """Only a path on this site (`/measure/X`), never `//evil.example` or `https://...`."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def start_session(account: users.Account) -> None:
    """Begin a fresh signed-in session (new session, new CSRF token: no fixation)."""
    session.clear()
    new_token()
    login_user(SignedIn(account))
    session.permanent = True
    session["signed_in_at"] = int(time.time())


def end_session() -> None:
    logout_user()
    session.clear()
    new_token()


def client_ip() -> str | None:
    return request.remote_addr


@blueprint.post("/auth/sign-in")
@requires(ANYONE)
def sign_in():
    username = request.form.get("username", "")
    password = request.form.get("password", "")
    target = safe_next(request.form.get("next"))
    back = SIGN_IN_PAGE + "?" + urlencode({"next": target, "error": ""})
    if ratelimit.blocked(username, client_ip()):
        log.warning("sign-in refused (rate limited) user=%r ip=%s", username[:120], client_ip())
        return redirect(back + "limited", 303)
    with db.engine().begin() as conn:
        account = users.authenticate(conn, username, password)
    if account is None:
        ratelimit.record_failure(username, client_ip())
        log.warning("sign-in failed user=%r ip=%s", username[:120], client_ip())
        return redirect(back + "failed", 303)
    ratelimit.record_success(username)
    start_session(account)
    log.info("signed in user=%r role=%s ip=%s", account.username, account.role, client_ip())
    return redirect(target, 303)


@blueprint.post("/auth/sign-out")
@requires(ANYONE)
def sign_out():
    if current_user.is_authenticated:
        log.info("signed out user=%r", current_user.username)
    end_session()
    return redirect(SIGN_IN_PAGE + "?signed_out=1", 303)


def _expire_old_sessions():
    """An absolute limit on top of the idle timeout that the signed cookie's max age enforces."""
    if not current_user.is_authenticated:
        return
    max_age = float(settings.get("SESSION_MAX_HOURS")) * 3600
    if time.time() - session.get("signed_in_at", 0) > max_age:
        end_session()


def init_app(server: Flask) -> None:
    manager = LoginManager(server)
    manager.user_loader(_load_user)
    manager.session_protection = "basic"
    server.config["REMEMBER_COOKIE_DURATION"] = timedelta(seconds=0)  # no "remember me" cookie
    server.permanent_session_lifetime = timedelta(minutes=float(settings.get("SESSION_IDLE_MINUTES")))
    server.register_blueprint(blueprint)
    server.before_request(_expire_old_sessions)
