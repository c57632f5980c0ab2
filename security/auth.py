"""Sign-in and sign-out with flask-login; sessions end when idle, after a fixed span, or when the user's token rotates.

The pages never look at how someone signed in: they read `security.identity.viewer()`, built from flask-login's
`current_user`. A single sign-on route only has to end in `start_session(account)` (docs/SECURITY.md).
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import re
import time
from datetime import timedelta
from urllib.parse import unquote, urlencode, urlsplit

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
    """flask-login's user: the account, with the user's session token (rotated to end every session at once) and
    this session's own secret (deleted from the database at sign-out) inside the id."""

    def __init__(self, account: users.Account):
        self.account = account

    def get_id(self) -> str:
        return f"{self.account.id}:{self.account.session_token}:{self.account.session_secret}"

    def __getattr__(self, name):
        return getattr(self.__dict__["account"], name)


def _load_user(user_id: str):
    """The signed-in user of a session cookie, only while its user token is current and its session is open (on
    the server, in the database: a cookie copied before sign-out signs nobody in on any worker or host)."""
    uid, token, secret = ((user_id or "").split(":") + ["", ""])[:3]
    if not uid.isdigit() or not token or not secret:
        return None
    with db.connect() as conn:
        account = users.load(conn, int(uid), token, session_secret=secret)
    return SignedIn(account) if account else None


# Control characters (browsers drop tab and newline inside a URL: `/\t/evil` becomes `//evil`) and backslashes
# (read as `/`), in the target or in any percent-decoded form of it.
_UNSAFE_IN_TARGET = re.compile(r"[\x00-\x1f\x7f\\\\]")


def safe_next(target: str | None) -> str:
    """Only a path on this site (`/measure/X?period=...`), else `/`: never `//evil.example`, `/\t/evil.example`,
    `\\\\evil`, `https:evil`, `https://...`, nor any of them percent-encoded (once, twice, ...)."""
    if not isinstance(target, str) or not target or len(target) > 2000:
        return "/"
    probe = target
    for _ in range(5):
        if _UNSAFE_IN_TARGET.search(probe) or not probe.startswith("/") or probe.startswith("//"):
            return "/"
        parts = urlsplit(probe)
        if parts.scheme or parts.netloc:
            return "/"
        decoded = unquote(probe)
        if decoded == probe:
            return target
        probe = decoded
    return "/"      # still decoding after five rounds: not a path anyone typed


def start_session(account: users.Account) -> None:
    """Begin a fresh signed-in session (new session, new CSRF token: no fixation), recorded in the database so
    that signing out ends it on the server."""
    with db.engine().begin() as conn:
        secret = users.open_session(conn, account.id, float(settings.get("SESSION_MAX_HOURS")))
    account = users.Account(account.id, account.username, account.display_name, account.role,
                            account.session_token, account.services, secret)
    session.clear()
    new_token()
    login_user(SignedIn(account))
    session.permanent = True
    session["signed_in_at"] = int(time.time())


def end_session() -> None:
    """Sign out: the session is deleted on the server first, then the cookie is cleared."""
    secret = getattr(current_user, "session_secret", None) if current_user.is_authenticated else None
    if secret:
        with db.engine().begin() as conn:
            users.close_session(conn, secret)
    logout_user()
    session.clear()
    new_token()


@functools.cache
def _networks(setting: str) -> tuple:
    networks = []
    for part in re.split(r"[,\s]+", setting or ""):
        if part:
            try:
                networks.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                log.warning("TRUSTED_PROXIES: %r is not an address or network; ignored", part)
    return tuple(networks)


def _address(text: str | None):
    try:
        return ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in n for n in networks if n.version == address.version)


def client_ip() -> str | None:
    """The client's address: the connection's peer, unless that peer is one of TRUSTED_PROXIES; then the nearest
    address in X-Forwarded-For that is not a trusted proxy (walking from the right, as each proxy appends). A
    header sent by anyone else is ignored, so a client cannot choose the address its attempts are counted under."""
    remote = request.remote_addr
    networks = _networks(settings.get("TRUSTED_PROXIES") or "")
    if not networks or not _trusted(_address(remote), networks):
        return remote
    hops = [h.strip() for h in ",".join(request.headers.getlist("X-Forwarded-For")).split(",") if h.strip()]
    client = remote
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break                       # a damaged header: keep the last address a trusted proxy vouched for
        client = str(address)
        if not _trusted(address, networks):
            break
    return client


@blueprint.post("/auth/sign-in")
@requires(ANYONE)
def sign_in():
    username = request.form.get("username", "")
    password = request.form.get("password", "")
    target = safe_next(request.form.get("next"))
    back = SIGN_IN_PAGE + "?" + urlencode({"next": target, "error": ""})
    ip = client_ip()
    with db.connect() as conn:
        real = users.may_sign_in(conn, username)
    # A slot is taken before the (slow) password check, atomically: parallel attempts never exceed the limit.
    # A real account is judged by its own limit; names that are not accounts by the address's.
    if not (ratelimit.account_attempt(username) if real else ratelimit.address_attempt(ip)):
        log.warning("sign-in refused (rate limited: %s) user=%r ip=%s", "account" if real else "address",
                    username[:120], ip)
        return redirect(back + "limited", 303)
    with db.engine().begin() as conn:
        account = users.authenticate(conn, username, password)
    if account is None:
        if real:
            ratelimit.address_failed(ip)
        log.warning("sign-in failed user=%r ip=%s", username[:120], ip)
        return redirect(back + "failed", 303)
    ratelimit.succeeded(username)
    start_session(account)
    log.info("signed in user=%r role=%s ip=%s", account.username, account.role, ip)
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
