"""Sign-in attempts (and report packs produced: `pack_allowed`), counted atomically in Redis (REDIS_URL) or the
database: never in a worker's memory.

Two limits, counted apart, each in a fixed window of WINDOW that starts at its first attempt:

- **per account** (`user:<name>`): at most LIMITS["user"] password checks of a real account per window, whoever
  sends them; past it even the right password is refused, until the window ends (never longer: attempts refused
  meanwhile do not extend it). A right password clears the account's count.
- **per address** (`ip:<address>`): at most LIMITS["ip"] failed sign-ins per window from one client address;
  past it, names that are not accounts are refused without checking, while a real account's sign-in is still
  judged by that account's own limit. So made-up names from the address of a shared proxy or office network never
  lock a real officer out.

A slot is taken *before* the password is checked (Redis INCR in a MULTI block; in the database one upsert that
returns the new count), so parallel wrong passwords on any number of workers or hosts never get more than the
limit checked. With REDIS_URL set and Redis down, the counts fall back to the database (logged once by
`data.core.cache`) and move back when it answers.
"""

from __future__ import annotations

import functools
import logging
from datetime import timedelta, timezone

from sqlalchemy import case, delete, literal

from data.core import cache, db, settings
from data.core.models import SignInCounter, utcnow

log = logging.getLogger("security")
WINDOW = timedelta(minutes=15)
# Attempts allowed per window: password checks per account, failed sign-ins per client address; report packs
# produced per signed-in user and per client address of the signed-out public (each pack costs seconds of CPU).
LIMITS = {"user": 5, "ip": 30, "pack-user": 30, "pack-ip": 10}


def user_key(username: str) -> str:
    return f"user:{(username or '').strip().lower()[:120]}"


def ip_key(ip: str | None) -> str | None:
    return f"ip:{ip[:64]}" if ip else None


@functools.cache
def _redis(url: str):
    import redis
    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)


class DatabaseCounter:
    """One row per key; a single INSERT ... ON CONFLICT DO UPDATE ... RETURNING takes a slot atomically (the row
    is locked by the update on PostgreSQL; SQLite serialises writers)."""

    def take(self, key: str, limit: int) -> int:
        now = utcnow()
        table = SignInCounter.__table__
        with db.engine().begin() as conn:
            insert = _dialect_insert(conn)
            expired = table.c.window_start <= literal(now - WINDOW, table.c.window_start.type)
            statement = insert(table).values(key=key, count=1, window_start=now).on_conflict_do_update(
                index_elements=[table.c.key],
                set_={"count": case((expired, 1), (table.c.count <= limit, table.c.count + 1),
                                    else_=table.c.count),
                      "window_start": case((expired, literal(now, table.c.window_start.type)),
                                           else_=table.c.window_start)},
            ).returning(table.c.count)
            return int(conn.execute(statement).scalar())

    def count(self, key: str) -> int:
        table = SignInCounter.__table__
        with db.engine().connect() as conn:
            row = conn.execute(table.select().where(table.c.key == key)).first()
        if row is None:
            return 0
        started = row.window_start if row.window_start.tzinfo else row.window_start.replace(tzinfo=timezone.utc)
        return 0 if started <= utcnow() - WINDOW else int(row.count)

    def clear(self, key: str) -> None:
        with db.engine().begin() as conn:
            conn.execute(delete(SignInCounter).where(SignInCounter.key == key))
            conn.execute(delete(SignInCounter).where(SignInCounter.window_start <= utcnow() - WINDOW))


def _dialect_insert(conn):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


class RedisCounter:
    def __init__(self, client):
        self.client = client

    def take(self, key: str, limit: int) -> int:
        pipe = self.client.pipeline(transaction=True)      # MULTI ... EXEC: INCR and EXPIRE NX as one
        pipe.incr(f"signin:{key}")
        pipe.expire(f"signin:{key}", int(WINDOW.total_seconds()), nx=True)
        return int(pipe.execute()[0])

    def count(self, key: str) -> int:
        return int(self.client.get(f"signin:{key}") or 0)

    def clear(self, key: str) -> None:
        self.client.delete(f"signin:{key}")


def _run(operation: str, *args):
    """`operation` on Redis when it is configured and answers, else on the database."""
    client = cache.available() if settings.get("REDIS_URL") else None
    if client is not None:
        try:
            result = getattr(RedisCounter(_redis(settings.get("REDIS_URL"))), operation)(*args)
            cache.answered()
            return result
        except Exception as e:   # redis raises ConnectionError, TimeoutError, ...: never a 500 at sign-in
            cache.failed(e)
    return getattr(DatabaseCounter(), operation)(*args)


def take(key: str | None, limit: int) -> bool:
    """Take one attempt of `key`'s window: True while within `limit` (atomic across workers and hosts)."""
    if key is None:
        return True
    return _run("take", key, limit) <= limit


def count(key: str | None) -> int:
    return 0 if key is None else _run("count", key)


def clear(key: str | None) -> None:
    if key is not None:
        _run("clear", key)


def account_attempt(username: str) -> bool:
    """Before checking a real account's password: True if it may be checked (its window has a slot left)."""
    return take(user_key(username), LIMITS["user"])


def address_attempt(ip: str | None) -> bool:
    """Before checking a name that is not an account: True if the address has failures left in its window."""
    return take(ip_key(ip), LIMITS["ip"])


def address_failed(ip: str | None) -> None:
    """A wrong password for a real account from this address: counted against the address (never refused here)."""
    take(ip_key(ip), LIMITS["ip"])


def succeeded(username: str) -> None:
    """The right password: the account's count starts again."""
    clear(user_key(username))


def blocked(username: str, ip: str | None = None) -> bool:
    """Whether the account's window (or, with `ip`, the address's) is used up, without taking an attempt."""
    return count(user_key(username)) >= LIMITS["user"] or (ip is not None and count(ip_key(ip)) >= LIMITS["ip"])


def pack_key(username: str | None, address: str | None) -> str | None:
    """Whose report packs a request counts against: the signed-in user's, else the client address's."""
    if username:
        return f"pack:{user_key(username)}"
    return f"pack:{ip_key(address)}" if address else None


def pack_limit(username: str | None) -> int:
    """Packs allowed per window: a signed-in user's, or a client address's for the public."""
    return LIMITS["pack-user" if username else "pack-ip"]


def pack_allowed(username: str | None, address: str | None) -> bool:
    """Take one report pack of the window: True while within the limit (the signed-in user's, or the address's
    for the public). A visitor whose address is not known (no request behind the job) is counted as one."""
    key = pack_key(username, address) or "pack:ip:unknown"
    return take(key, pack_limit(username))
