"""The user store: accounts, roles, editors' services and argon2 password hashes (argon2-cffi, no home-made crypto)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, insert, select, update

from data.people.access import RANK
from data.core.models import Service, User, UserService, utcnow

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


def create(conn: Connection, username: str, password: str | None, role: str = "member",
           display_name: str | None = None, services=()) -> int:
    """Add an account; `password=None` makes a single-sign-on-only account. Returns its id."""
    name = normalise(username)
    if not name or len(name) > 120:
        raise UserError("a username is 1 to 120 characters")
    _check_role(role)
    if conn.execute(select(User.id).where(User.username == name)).first():
        raise UserError(f"user {name!r} already exists")
    if password is not None:
        check_password(password)
    user_id = conn.execute(insert(User).values(
        username=name, display_name=display_name, role=role, active=True, created_at=utcnow(),
        password_hash=_HASHER.hash(password) if password is not None else None,
        session_token=secrets.token_hex(16))).inserted_primary_key[0]
    _set_services(conn, user_id, _service_ids(conn, services))
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


def set_role(conn: Connection, username: str, role: str, services=None) -> None:
    """Change a role (and, when given, the editor's services); ends the user's current sessions."""
    _check_role(role)
    user_id = _user_id(conn, username)
    conn.execute(update(User).where(User.id == user_id).values(role=role, session_token=secrets.token_hex(16)))
    if services is not None:
        _set_services(conn, user_id, _service_ids(conn, services))


def set_password(conn: Connection, username: str, password: str) -> None:
    check_password(password)
    conn.execute(update(User).where(User.id == _user_id(conn, username))
                 .values(password_hash=_HASHER.hash(password), session_token=secrets.token_hex(16)))


def set_active(conn: Connection, username: str, active: bool) -> None:
    conn.execute(update(User).where(User.id == _user_id(conn, username))
                 .values(active=active, session_token=secrets.token_hex(16)))


def end_sessions(conn: Connection, user_id: int) -> None:
    """Invalidate every session of the user (sign-out everywhere): the session id embeds this token."""
    conn.execute(update(User).where(User.id == user_id).values(session_token=secrets.token_hex(16)))


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


def load(conn: Connection, user_id: int, session_token: str | None = None) -> Account | None:
    """An active account by id; with `session_token`, only while that token is current."""
    row = conn.execute(select(User.__table__).where(User.id == int(user_id))).first()
    if row is None or not row.active:
        return None
    if session_token is not None and not secrets.compare_digest(row.session_token, session_token):
        return None
    services = conn.execute(select(UserService.service_id).where(UserService.user_id == row.id)).scalars()
    return Account(row.id, row.username, row.display_name, row.role, row.session_token, frozenset(services))


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
