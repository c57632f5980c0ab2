"""The Redis cache: shared hits, invalidation by any write, and a plain compute without REDIS_URL."""

import uuid

import pytest
from sqlalchemy import update

from data.core import cache
from data.demo import council as demo
from data.core.models import Observation

REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache(monkeypatch):
    monkeypatch.setenv("REDIS_URL", REDIS)
    yield cache.client()
    cache.client().flushdb()


def counting():
    calls = []
    return calls, lambda: calls.append(1) or {"n": len(calls)}


def test_without_redis_every_call_computes(monkeypatch, demo_engine):
    monkeypatch.delenv("REDIS_URL", raising=False)
    calls, compute = counting()
    with demo_engine.connect() as conn:
        cache.get_or_compute(conn, "t", (1,), compute)
        cache.get_or_compute(conn, "t", (1,), compute)
    assert len(calls) == 2


@pytest.mark.parametrize("change", [
    {"value": 123.0},            # a correction in place
    {"state": "draft"},          # sign-off withdrawn
])
def test_hit_then_recomputed_after_a_write(redis_cache, engine, change):
    demo.load(engine)
    key = (uuid.uuid4().hex,)
    calls, compute = counting()
    with engine.connect() as conn:
        assert cache.get_or_compute(conn, "t", key, compute) == {"n": 1}
        assert cache.get_or_compute(conn, "t", key, compute) == {"n": 1}   # served from Redis
    with engine.begin() as conn:
        conn.execute(update(Observation).where(Observation.id == 7).values(**change))
    with engine.connect() as conn:
        assert cache.get_or_compute(conn, "t", key, compute) == {"n": 2}


def test_a_broken_redis_still_computes(monkeypatch, demo_engine):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")   # nothing listens there
    calls, compute = counting()
    with demo_engine.connect() as conn:
        assert cache.get_or_compute(conn, "t", (2,), compute) == {"n": 1}
