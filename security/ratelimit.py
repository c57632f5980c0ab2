"""Failed sign-ins, counted in Redis (REDIS_URL) or the database: never in a worker's memory."""

from __future__ import annotations

import functools
from datetime import timedelta

from sqlalchemy import delete, func, insert, select

from data.core import db, settings
from data.core.models import SignInFailure, utcnow

WINDOW = timedelta(minutes=15)
# Failures allowed per window before sign-in is refused: per account, and per client address.
LIMITS = {"user": 5, "ip": 30}


def _keys(username: str, ip: str | None) -> list[tuple[str, int]]:
    keys = [(f"user:{(username or '').strip().lower()[:120]}", LIMITS["user"])]
    if ip:
        keys.append((f"ip:{ip[:64]}", LIMITS["ip"]))
    return keys


@functools.cache
def _redis(url: str):
    import redis
    return redis.Redis.from_url(url, socket_timeout=2)


class DatabaseCounter:
    def count(self, key: str) -> int:
        with db.engine().connect() as conn:
            return conn.execute(select(func.count()).select_from(SignInFailure).where(
                SignInFailure.key == key, SignInFailure.at > utcnow() - WINDOW)).scalar()

    def add(self, key: str) -> None:
        with db.engine().begin() as conn:
            conn.execute(delete(SignInFailure).where(SignInFailure.at <= utcnow() - WINDOW))
            conn.execute(insert(SignInFailure).values(key=key, at=utcnow()))

    def clear(self, key: str) -> None:
        with db.engine().begin() as conn:
            conn.execute(delete(SignInFailure).where(SignInFailure.key == key))


class RedisCounter:
    def __init__(self, url: str):
        self.client = _redis(url)

    def count(self, key: str) -> int:
        return int(self.client.get(f"signin:{key}") or 0)

    def add(self, key: str) -> None:
        pipe = self.client.pipeline()
        pipe.incr(f"signin:{key}")
        pipe.expire(f"signin:{key}", int(WINDOW.total_seconds()), nx=True)
        pipe.execute()

    def clear(self, key: str) -> None:
        self.client.delete(f"signin:{key}")


def counter():
    url = settings.get("REDIS_URL")
    return RedisCounter(url) if url else DatabaseCounter()


def blocked(username: str, ip: str | None) -> bool:
    c = counter()
    return any(c.count(key) >= limit for key, limit in _keys(username, ip))


def record_failure(username: str, ip: str | None) -> None:
    c = counter()
    for key, _limit in _keys(username, ip):
        c.add(key)


def record_success(username: str) -> None:
    counter().clear(_keys(username, None)[0][0])
