"""After a sign-off the notifications run as a job, not in the request: on a real Celery worker with our own
Redis when REDIS_URL is set, in a thread of the worker otherwise."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from benchmarks import server
from callbacks import background
from data.core import db
from data.core.models import AlertState
from tests.browser.test_reports import celery_worker
from tests.conftest import point_app_at, private_copy


def _judged(url: str, timeout: float = 120) -> int:
    eng = db.make_engine(url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with eng.connect() as conn:
                seen = conn.execute(select(func.count()).select_from(AlertState)).scalar()
            if seen:
                return seen
            time.sleep(0.5)
        return 0
    finally:
        eng.dispose()


@pytest.fixture
def council(demo_sqlite_url, tmp_path):
    return private_copy(demo_sqlite_url, tmp_path / "council.db")


def test_without_redis_the_run_is_a_thread_of_this_worker(council, monkeypatch):
    for _ in point_app_at(council, monkeypatch, REDIS_URL=None, SECRET_KEY="jobs-secret"):
        background.manager.cache_clear()
        background.notify_soon()
        assert _judged(council) > 0
    background.manager.cache_clear()


def test_with_redis_the_run_is_a_celery_task_on_the_worker(council, monkeypatch, tmp_path):
    (tmp_path / "redis").mkdir()
    with server.redis_server(tmp_path / "redis") as redis_url, celery_worker(council, redis_url):
        for _ in point_app_at(council, monkeypatch, REDIS_URL=redis_url, SECRET_KEY="jobs-secret"):
            background.manager.cache_clear()
            monkeypatch.setattr(background.jobs, "notify_soon", lambda: pytest.fail("ran in the web worker"))
            background.notify_soon()
            assert background.celery_app is not None
            assert _judged(council) > 0           # done by the worker process, not by this one
    background.manager.cache_clear()
    monkeypatch.setattr(background, "celery_app", None)
