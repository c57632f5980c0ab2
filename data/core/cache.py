"""A shared cache in Redis for computed page data, safe across gunicorn workers.

Keys carry a fingerprint of the stored figures, so any write (an import, a form, an approval) makes old
entries unreachable at once: nothing is ever served stale, and no worker keeps state in its memory.
Without REDIS_URL every call simply computes.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle

from sqlalchemy import Connection, text

from data.core import settings

log = logging.getLogger(__name__)
FINGERPRINT_SQL = text(
    "SELECT (SELECT COUNT(*) FROM observation), (SELECT MAX(id) FROM observation), "
    "(SELECT MAX(updated_at) FROM observation), (SELECT SUM(value) FROM observation), "
    "(SELECT SUM(CASE WHEN state = 'approved' THEN id ELSE 0 END) FROM observation), "
    "(SELECT COUNT(*) FROM target), (SELECT MAX(id) FROM target), (SELECT SUM(value) FROM target), "
    "(SELECT COUNT(*) FROM measure), (SELECT MAX(id) FROM measure), "
    "(SELECT COUNT(*) FROM commentary), (SELECT MAX(id) FROM commentary), (SELECT COUNT(*) FROM action), "
    "(SELECT COUNT(*) FROM process_change), (SELECT MAX(id) FROM process_change)")


@functools.cache
def _client(url: str):
    import redis
    return redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)


def client():
    url = settings.get("REDIS_URL")
    return _client(url) if url else None


def fingerprint(conn: Connection) -> str:
    """Changes whenever a value, target, measure or comment is added or changed."""
    # Counts and ids catch additions and deletions; sums and updated_at catch corrections; the approved-id sum
    # catches sign-off.
    return hashlib.sha1(repr(tuple(conn.execute(FINGERPRINT_SQL).one())).encode()).hexdigest()[:16]


def get_or_compute(conn: Connection, namespace: str, key: tuple, compute):
    """compute() once per distinct (key, stored data) across all workers; errors in Redis just compute."""
    redis_client = client()
    if redis_client is None:
        return compute()
    full_key = f"cpd:{namespace}:{fingerprint(conn)}:{hashlib.sha1(repr(key).encode()).hexdigest()}"
    try:
        hit = redis_client.get(full_key)
        if hit is not None:
            return pickle.loads(hit)  # noqa: S301  our own values, written by this app only
    except Exception as e:  # a cache must never take the page down
        log.warning("cache read failed: %s", e)
        return compute()
    value = compute()
    try:
        redis_client.setex(full_key, int(settings.get("CACHE_TIMEOUT")), pickle.dumps(value))
    except Exception as e:
        log.warning("cache write failed: %s", e)
    return value
