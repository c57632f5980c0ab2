"""The user store: accounts, roles, editors' services and argon2 password hashes (argon2-cffi, no home-made crypto)."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, exists, insert, select, update

from data.core import version
from data.people.access import RANK
from data.core.models import AuditEvent, Service, User, UserService, UserSession, utcnow

MIN_PASSWORD_LENGTH = 12
_HASHER = PasswordHasher()  # argon2id with the library's recommended parameters
# Verified when the user does not exist, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))


class UserError(ValueError):
    """A refused account change, with a message fit to show the person running the command."""


@dataclass(frozen=True)
class Account:
    """A signed-in person as the web layer needs them (no password hash)."""

    id: int
    username: str
    display_name: str | None
    role: str
    session_token: str
    services: frozenset[int] = field(default_factory=frozenset)
    session_secret: str | None = None      # this session's own secret (None outside a signed-in session)


def normalise(username: str) -> str:
    return (username or "").strip().lower()


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise UserError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")


def _check_role(role: str) -> None:
    if role not in RANK:
        raise UserError(f"unknown role {role!r}; roles: {', '.join(RANK)}")


def _service_ids(conn: Connection, services) -> list[int]:
    """Service ids from slugs or names (case-insensitive); refuses unknown ones."""
    rows = conn.execute(select(Service.id, Service.slug, Service.name)).all()
    out = []
    for wanted in services or ():
        key = str(wanted).strip().lower()
        match = [r.id for r in rows if key in (r.slug.lower(), r.name.lower(), str(r.id))]
        if not match:
            raise UserError(f"unknown service {wanted!r}")
        out.append(match[0])
    return out


def _account_event(conn: Connection, username: str, old, new, by: str | None) -> None:
    """An account change in the audit trail (field `account`; never a password or its hash)."""
    conn.execute(insert(AuditEvent).values(at=utcnow(), author=by, source="accounts", code=username[:40],
                                           period=None, field="account", old=_words(old), new=_words(new)))
    version.bump(conn)


def _words(v) -> str | None:
    return None if v is None else json.dumps(v, sort_keys=True)


def _state(conn: Connection, user_id: int) -> dict:
    row = conn.execute(select(User.role, User.active).where(User.id == user_id)).first()
    services = conn.execute(select(Service.slug).join(UserService, UserService.service_id == Service.id)
                            .where(UserService.user_id == user_id).order_by(Service.slug)).scalars().all()
    return {"role": row.role, "active": bool(row.active), "services": ", ".join(services)}


def check_email(address: str | None) -> str | None:
    """An e-mail address trimmed, or None for none; refuses what cannot be an address (one @, a dotted domain,
    no spaces or line breaks, at most 320 characters)."""
    address = (address or "").strip()
    if not address:
        return None
    local, _, domain = address.rpartition("@")
    if (len(address) > 320 or not local or "." not in domain or domain.startswith(".") or domain.endswith(".")
            or any(c.isspace() or c in "<>,;\"" for c in address)):
        raise UserError(f"{address!r} is not an e-mail address (name@example.gov.uk)")
    return address


def set_email(conn: Connection, username: str, address: str | None) -> None:
    """Change (or, with None or "", remove) where a user's notifications go."""
    conn.execute(update(User).where(User.id == _user_id(conn, username)).values(email=check_email(address)))


def create(conn: Connection, username: str, password: str | None, role: str = "member",
           display_name: str | None = None, services=(), email: str | None = None,
           by: str | None = None) -> int:
    """Add an account; `password=None` makes a single-sign-on-only account. Returns its id."""
    email = check_email(email)
    name = normalise(username)
    if not name or len(name) > 120:
        raise UserError("a username is 1 to 120 characters")
    _check_role(role)
    if conn.execute(select(User.id).where(User.username == name)).first():
        raise UserError(f"user {name!r} already exists")
    if password is not None:
        check_password(password)
    user_id = conn.execute(insert(User).values(
        username=name, display_name=display_name, role=role, active=True, created_at=utcnow(), email=email,
        password_hash=_HASHER.hash(password) if password is not None else None,
        session_token=secrets.token_hex(16))).inserted_primary_key[0]
    _set_services(conn, user_id, _service_ids(conn, services))
    _account_event(conn, name, None, _state(conn, user_id), by)
    return user_id


def _set_services(conn: Connection, user_id: int, service_ids) -> None:
    conn.execute(delete(UserService).where(UserService.user_id == user_id))
    for sid in dict.fromkeys(service_ids):
        conn.execute(insert(UserService).values(user_id=user_id, service_id=sid))


def _user_id(conn: Connection, username: str) -> int:
    user_id = conn.execute(select(User.id).where(User.username == normalise(username))).scalar()
    if user_id is None:
        raise UserError(f"no user {normalise(username)!r}")
    return user_id


def set_role(conn: Connection, username: str, role: str, services=None, by: str | None = None) -> None:
    """Change a role (and, when given, the editor's services); ends the user's current sessions."""
    _check_role(role)
    user_id = _user_id(conn, username)
    before = _state(conn, user_id)
    service_ids = _service_ids(conn, services) if services is not None else None
    conn.execute(update(User).where(User.id == user_id).values(role=role, session_token=secrets.token_hex(16)))
    if service_ids is not None:
        _set_services(conn, user_id, service_ids)
    after = _state(conn, user_id)
    if after != before:
        _account_event(conn, normalise(username), before, after, by)


def set_password(conn: Connection, username: str, password: str, by: str | None = None) -> None:
    check_password(password)
    conn.execute(update(User).where(User.id == _user_id(conn, username))
                 .values(password_hash=_HASHER.hash(password), session_token=secrets.token_hex(16)))
    _account_event(conn, normalise(username), None, "password changed", by)


def reset_password(conn: Connection, username: str, by: str | None = None) -> str:
    """Give the account a new random password (returned once, to pass on; never stored or logged in clear)."""
    temporary = secrets.token_urlsafe(12)
    set_password(conn, username, temporary, by)
    return temporary


def set_active(conn: Connection, username: str, active: bool, by: str | None = None) -> None:
    user_id = _user_id(conn, username)
    before = _state(conn, user_id)
    conn.execute(update(User).where(User.id == user_id).values(active=active, session_token=secrets.token_hex(16)))
    if before["active"] != active:
        _account_event(conn, normalise(username), before, _state(conn, user_id), by)


def end_sessions(conn: Connection, user_id: int) -> None:
    """Invalidate every session of the user (sign-out everywhere): the session id embeds this token."""
    conn.execute(update(User).where(User.id == user_id).values(session_token=secrets.token_hex(16)))
    conn.execute(delete(UserSession).where(UserSession.user_id == user_id))


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def open_session(conn: Connection, user_id: int, max_hours: float = 12) -> str:
    """Record a new session of the user and return its secret (kept in the signed cookie; the database keeps only
    its SHA-256). Sessions older than `max_hours` are removed on the way (they have ended anyway)."""
    now = utcnow()
    conn.execute(delete(UserSession).where(UserSession.started_at < now - timedelta(hours=float(max_hours))))
    secret = secrets.token_urlsafe(32)
    conn.execute(insert(UserSession).values(id=_digest(secret), user_id=int(user_id), started_at=now))
    return secret


def close_session(conn: Connection, secret: str | None) -> bool:
    """End one session on the server (sign-out): its cookie, wherever it was copied, no longer signs anyone in."""
    if not secret:
        return False
    return bool(conn.execute(delete(UserSession).where(UserSession.id == _digest(secret))).rowcount)


def may_sign_in(conn: Connection, username: str) -> bool:
    """Whether the name is an active account with a password (the sign-in limits count real accounts apart)."""
    return conn.execute(select(User.id).where(User.username == normalise(username), User.active.is_(True),
                                              User.password_hash.is_not(None))).first() is not None


def authenticate(conn: Connection, username: str, password: str) -> Account | None:
    """The account when the name and password match an active user, else None (timing does not tell which)."""
    row = conn.execute(select(User.__table__).where(User.username == normalise(username))).first()
    stored = row.password_hash if row is not None and row.active and row.password_hash else None
    try:
        _HASHER.verify(stored or _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if stored is None:
        return None
    values = {"last_sign_in_at": utcnow()}
    if _HASHER.check_needs_rehash(stored):
        values["password_hash"] = _HASHER.hash(password)
    conn.execute(update(User).where(User.id == row.id).values(**values))
    return load(conn, row.id)


def load(conn: Connection, user_id: int, session_token: str | None = None,
         session_secret: str | None = None) -> Account | None:
    """An active account by id; with `session_token`, only while that token is current; with `session_secret`,
    only while that session is open (not signed out). One statement for the account and its session."""
    query = select(User.__table__).where(User.id == int(user_id))
    if session_secret is not None:
        query = query.where(exists().where(UserSession.id == _digest(session_secret),
                                           UserSession.user_id == User.id))
    row = conn.execute(query).first()
    if row is None or not row.active:
        return None
    if session_token is not None and not secrets.compare_digest(row.session_token, session_token):
        return None
    services = conn.execute(select(UserService.service_id).where(UserService.user_id == row.id)).scalars()
    return Account(row.id, row.username, row.display_name, row.role, row.session_token, frozenset(services),
                   session_secret)


def by_username(conn: Connection, username: str) -> Account | None:
    user_id = conn.execute(select(User.id).where(User.username == normalise(username))).scalar()
    return load(conn, user_id) if user_id is not None else None


def find_or_create_external(conn: Connection, username: str, display_name: str | None = None,
                            role: str = "public") -> Account:
    """The account for a person signed in by single sign-on (no password); new ones start as `role`."""
    account = by_username(conn, username)
    if account is None:
        create(conn, username, None, role=role, display_name=display_name)
        account = by_username(conn, username)
    return account


def listing(conn: Connection) -> list[dict]:
    """username, display_name, role, active, services (slugs), last_sign_in_at."""
    users = conn.execute(select(User.__table__).order_by(User.username)).all()
    links = conn.execute(select(UserService.user_id, Service.slug).join(Service)).all()
    return [{"username": u.username, "display_name": u.display_name, "role": u.role, "active": u.active,
             "services": sorted(slug for uid, slug in links if uid == u.id), "last_sign_in_at": u.last_sign_in_at}
            for u in users]
