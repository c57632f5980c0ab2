"""API keys for officers' machine clients: made and revoked on the command line, sent in the `X-API-Key` header.

A key is 32 random bytes (`cpd_` + URL-safe text), shown once when made; only its SHA-256 is kept, which is
enough for a key with that much entropy (a slow password hash protects guessable passwords, not random keys).
A key carries the rights of its account as they are at each request: deactivate the account, or lower its
role, and the key's reach follows.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import Connection, select, update

from data.core.models import ApiKey, utcnow
from data.people import users

PREFIX = "cpd_"
ROLES = ("officer",)   # who may hold a key: the performance team's clients read unpublished figures


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def create(conn: Connection, username: str, name: str) -> tuple[str, str]:
    """A new key for an officer's account: (the key, shown once; its prefix, which names it)."""
    account = users.by_username(conn, username)
    if account is None:
        raise users.UserError(f"no active account called {username!r}")
    if account.role not in ROLES:
        raise users.UserError(f"{account.username} is a {account.role}: API keys are for officers' clients")
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise users.UserError("give the key a name of 1 to 200 characters (what the client is)")
    key = PREFIX + secrets.token_urlsafe(32)
    prefix = key[:12]
    conn.execute(ApiKey.__table__.insert().values(prefix=prefix, key_hash=digest(key), name=name,
                                                  username=account.username, created_at=utcnow()))
    return key, prefix


def revoke(conn: Connection, prefix: str) -> bool:
    """Revoke the key whose prefix (or whole text) is given; False when no live key matches."""
    prefix = (prefix or "").strip()[:12]
    done = conn.execute(update(ApiKey).where(ApiKey.prefix == prefix, ApiKey.revoked_at.is_(None))
                        .values(revoked_at=utcnow())).rowcount
    return bool(done)


def listing(conn: Connection) -> list[dict]:
    rows = conn.execute(select(ApiKey.prefix, ApiKey.name, ApiKey.username, ApiKey.created_at, ApiKey.revoked_at)
                        .order_by(ApiKey.created_at)).mappings().all()
    return [dict(r) for r in rows]


def account_of(conn: Connection, key: str | None) -> tuple[int, users.Account] | None:
    """(key id, the account) for a live key of an active account; None for anything else."""
    if not key or not key.startswith(PREFIX) or len(key) > 100:
        return None
    row = conn.execute(select(ApiKey.id, ApiKey.username, ApiKey.key_hash)
                       .where(ApiKey.key_hash == digest(key), ApiKey.revoked_at.is_(None))).first()
    if row is None or not secrets.compare_digest(row.key_hash, digest(key)):
        return None
    account = users.by_username(conn, row.username)
    return (row.id, account) if account is not None else None

