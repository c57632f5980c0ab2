"""Computed page data once per change of data: the per-process memo, Redis shared across workers, and keys
that carry the data version, so a write is seen at once and databases sharing one Redis never collide."""

import uuid

import pytest

from data.core import cache, version
from tests.conftest import private_copy

REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache(monkeypatch):
    """The shared Redis; every key a test makes carries its own database's stamp, so nothing is flushed."""
    monkeypatch.setenv("REDIS_URL", REDIS)
    cache.clear_memo()
    yield cache.client()
    cache.clear_memo()


@pytest.fixture
def no_redis(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    cache.clear_memo()
    yield
    cache.clear_memo()


def counting():
    calls = []
    return calls, lambda: calls.append(1) or {"n": len(calls)}


def test_without_redis_the_memo_serves_until_a_write(no_redis, demo_copy):
    engine = demo_copy
    key = (uuid.uuid4().hex,)
    calls, compute = counting()
    with engine.connect() as conn:
        assert cache.get_or_compute(conn, "t", key, compute) == {"n": 1}
        assert cache.get_or_compute(conn, "t", key, compute) == {"n": 1}
    with engine.begin() as conn:
        version.bump(conn)
    with engine.connect() as conn:
        assert cache.get_or_compute(conn, "t", key, compute) == {"n": 2}


def test_the_memo_is_bounded(no_redis, demo_engine):
    calls, compute = counting()
    with demo_engine.connect() as conn:
        for i in range(cache.MEMO_SIZE + 5):
            cache.get_or_compute(conn, "t", (i,), compute)
        assert len(cache._memo) == cache.MEMO_SIZE
        cache.get_or_compute(conn, "t", (0,), compute)   # the oldest entry was dropped, so it is computed again
    assert len(calls) == cache.MEMO_SIZE + 6


def test_redis_shares_a_result_with_another_worker_until_a_write(redis_cache, demo_copy):
    engine = demo_copy
    key = (uuid.uuid4().hex,)
    calls, compute = counting()
    with engine.connect() as conn:
        assert cache.get_or_compute(conn, "t", key, compute) == {"n": 1}
        cache.clear_memo()   # another worker: its own memory, the same Redis
        assert cache.get_or_compute(conn, "t", key, compute) == {"n": 1}
        assert redis_cache.get(cache.key_of(conn, "t", key)) is not None
    with engine.begin() as conn:
        version.bump(conn)
    cache.clear_memo()
    with engine.connect() as conn:
        assert cache.get_or_compute(conn, "t", key, compute) == {"n": 2}


def test_copies_of_one_database_part_ways_at_their_first_write(redis_cache, demo_sqlite_url, tmp_path):
    from data.core import db
    first = db.make_engine(private_copy(demo_sqlite_url, tmp_path / "a.db"))
    second = db.make_engine(private_copy(demo_sqlite_url, tmp_path / "b.db"))
    with first.connect() as a, second.connect() as b:
        assert version.current(a) == version.current(b)   # identical copies, identical figures: one entry is right
    for eng in (first, second):
        with eng.begin() as conn:
            version.bump(conn)
    with first.connect() as a, second.connect() as b:
        assert version.current(a) != version.current(b)
        assert version.number(a) == version.number(b)
        assert cache.get_or_compute(a, "t", ("k",), lambda: "first") == "first"
        assert cache.get_or_compute(b, "t", ("k",), lambda: "second") == "second"
    first.dispose()
    second.dispose()


def test_a_broken_redis_still_computes(monkeypatch, demo_engine):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")   # nothing listens there
    cache.clear_memo()
    calls, compute = counting()
    with demo_engine.connect() as conn:
        assert cache.get_or_compute(conn, "t", (uuid.uuid4().hex,), compute) == {"n": 1}
    cache.clear_memo()
