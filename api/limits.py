"""The read API's rate limit, shared by every worker and server: counted in Redis (REDIS_URL) or the database.

Per client address without a key (API_RATE_LIMIT a minute), per key with one (API_KEY_RATE_LIMIT). Redis counts
in fixed one-minute windows; the database counts the requests of the last 60 seconds.
"""

from __future__ import annotations

import functools
import time
from datetime import timedelta

from sqlalchemy import delete, func, insert, select

from data.core import db, settings
from data.core.models import ApiRequest, utcnow

WINDOW = timedelta(minutes=1)


@functools.cache
def _redis(url: str):
    import redis
    return redis.Redis.from_url(url, socket_timeout=2)


def limit_for(keyed: bool) -> int:
    return int(settings.get("API_KEY_RATE_LIMIT" if keyed else "API_RATE_LIMIT"))


def hit(key: str) -> tuple[int, int]:
    """Count one request for `key`; (requests in the current window including this one, seconds to wait)."""
    url = settings.get("REDIS_URL")
    if url:
        window = int(time.time() // 60)
        name = f"api:{key}:{window}"
        pipe = _redis(url).pipeline()
        pipe.incr(name)
        pipe.expire(name, 120)
        count, _ = pipe.execute()
        return int(count), 60 - int(time.time()) % 60
    now = utcnow()
    with db.engine().begin() as conn:
        conn.execute(delete(ApiRequest).where(ApiRequest.key == key, ApiRequest.at <= now - WINDOW))
        conn.execute(insert(ApiRequest).values(key=key, at=now))
        count = conn.execute(select(func.count()).select_from(ApiRequest)
                             .where(ApiRequest.key == key, ApiRequest.at > now - WINDOW)).scalar()
    return int(count), 60
