"""Computed page data, once per change of data: kept per process and, with REDIS_URL, shared by every worker
and host.

Every key carries the data version (`data.core.version.current`), read from the database on each request and
bumped in the same transaction as every write, so a write makes every earlier entry unreachable at once and
nothing stale is ever served. Values come back shared within a process: callers treat them as read-only.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import threading
import time
from collections import OrderedDict

from sqlalchemy import Connection

from data.core import settings, version

log = logging.getLogger(__name__)
MEMO_SIZE = 64   # entries per process: a few periods x viewer scopes of the current version, per namespace
_memo: OrderedDict[str, object] = OrderedDict()
_lock = threading.Lock()
_MISSING = object()


RETRY_SECONDS = 5.0   # after Redis fails, this process leaves it alone this long before trying again
# Per process and per Redis URL, and only an optimisation: each worker finds out for itself.
_down_until: dict[str, float] = {}


@functools.cache
def _client(url: str):
    import redis
    return redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)


def client():
    """The configured Redis client (None without REDIS_URL), whether or not it answers (the readiness probe)."""
    url = settings.get("REDIS_URL")
    return _client(url) if url else None


def available():
    """The Redis client to use now, or None: without REDIS_URL, or for RETRY_SECONDS after it failed (then the
    callers fall back: computing instead of caching, the database for sign-in limits)."""
    url = settings.get("REDIS_URL")
    if not url or time.monotonic() < _down_until.get(url, 0.0):
        return None
    return _client(url)


def failed(error: Exception) -> None:
    """Report that Redis failed: logged once per outage (not once per request), retried after RETRY_SECONDS."""
    url = settings.get("REDIS_URL") or ""
    with _lock:
        first = url not in _down_until
        _down_until[url] = time.monotonic() + RETRY_SECONDS
    if first:
        log.warning("Redis is unavailable (%s: %s): computing without the shared cache and counting sign-in "
                    "attempts in the database until it answers again", type(error).__name__, error)


def answered() -> None:
    """Report that Redis answered: after an outage, logged once and used again."""
    if not _down_until:
        return
    url = settings.get("REDIS_URL") or ""
    with _lock:
        was = _down_until.pop(url, None) is not None
    if was:
        log.warning("Redis answers again: using it for the shared cache and sign-in limits")


def key_of(conn: Connection, namespace: str, key: tuple) -> str:
    """`cpd:<namespace>:<data version>:<hash of key>`."""
    return f"cpd:{namespace}:{version.current(conn)}:{hashlib.sha1(repr(key).encode()).hexdigest()}"


def _remember(full_key: str, value) -> None:
    with _lock:
        _memo[full_key] = value
        _memo.move_to_end(full_key)
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)


def _recall(full_key: str):
    with _lock:
        value = _memo.get(full_key, _MISSING)
        if value is not _MISSING:
            _memo.move_to_end(full_key)
        return value


def get_or_compute(conn: Connection, namespace: str, key: tuple, compute):
    """compute() once per distinct (key, data version): from this process's memo, else Redis, else computed and
    kept in both. A Redis that fails or is down just means computing (a cache never takes a page down)."""
    full_key = key_of(conn, namespace, key)
    value = _recall(full_key)
    if value is not _MISSING:
        return value
    redis_client = available()
    if redis_client is not None:
        try:
            hit = redis_client.get(full_key)
            answered()
        except Exception as e:
            failed(e)
            hit, redis_client = None, None
        if hit is not None:
            value = pickle.loads(hit)  # noqa: S301  our own values, written by this app only
            _remember(full_key, value)
            return value
    value = compute()
    _remember(full_key, value)
    if redis_client is not None:
        try:
            redis_client.setex(full_key, int(settings.get("CACHE_TIMEOUT")), pickle.dumps(value, protocol=5))
        except Exception as e:
            failed(e)
    return value


def clear_memo() -> None:
    """Forget this process's entries (tests that count computations)."""
    with _lock:
        _memo.clear()


def ping() -> dict:
    """{"ok", "detail"}: whether the configured Redis answers."""
    try:
        client().ping()
        return {"ok": True, "detail": "answers"}
    except Exception as e:
        return {"ok": False, "detail": f"does not answer ({type(e).__name__})"}
