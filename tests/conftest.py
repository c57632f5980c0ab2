"""Shared fixtures: migrated databases on SQLite and PostgreSQL, the demo council, and a live server."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from benchmarks.server import serve
from data.core import db
from data.demo import council as demo

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgresql"]
# Each test process (one per parallel worker) keeps its produced downloads apart, servers it starts too: a test that
# prunes expired files must not remove another worker's.
os.environ.setdefault("DOWNLOADS_DIR", tempfile.mkdtemp(prefix="cpd-downloads-"))


def _pg_schema_engine(schema: str):
    """An engine whose every connection works in its own schema, so concurrent test runs never collide."""
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return create_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})


def _drop_pg_schema(schema: str) -> None:
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def make_database(backend: str, folder: Path):
    """A fresh, migrated, empty database; returns (engine, cleanup)."""
    if backend == "sqlite":
        eng = db.make_engine(f"sqlite:///{folder / f'{uuid.uuid4().hex}.db'}")
        db.upgrade(eng)
        return eng, eng.dispose
    schema = f"t_{uuid.uuid4().hex[:12]}"
    eng = _pg_schema_engine(schema)
    db.upgrade(eng)

    def cleanup():
        eng.dispose()
        _drop_pg_schema(schema)
    return eng, cleanup


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path):
    """A fresh migrated empty database, once on SQLite and once on PostgreSQL."""
    eng, cleanup = make_database(request.param, tmp_path)
    yield eng
    cleanup()


@pytest.fixture(scope="session", params=BACKENDS)
def demo_engine(request, tmp_path_factory):
    """The demo council, loaded once per backend; tests must not write to it."""
    eng, cleanup = make_database(request.param, tmp_path_factory.mktemp("demo"))
    demo.load(eng)
    yield eng
    cleanup()


@pytest.fixture(scope="session")
def demo_sqlite_url(tmp_path_factory):
    """A SQLite file with the demo council, for the app under test."""
    path = tmp_path_factory.mktemp("app") / "performance.db"
    eng = db.make_engine(f"sqlite:///{path}")
    db.upgrade(eng)
    demo.load(eng)
    eng.dispose()
    return f"sqlite:///{path}"


def private_copy(source, target: Path) -> str:
    """A private copy of a SQLite database (a `sqlite:///` URL or a path) at `target`; returns its URL."""
    source = str(source).removeprefix("sqlite:///")
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return f"sqlite:///{target}"


@pytest.fixture
def app_db(demo_sqlite_url, monkeypatch):
    """Point the app's engine (DATABASE_URL) at the demo database for callback and route tests."""
    yield from point_app_at(demo_sqlite_url, monkeypatch)


def point_app_at(url: str, monkeypatch, **env):
    """For a fixture to `yield from`: the app's engine on `url` (environment `env` set too; None removes a
    variable), then the engine cache cleared again."""
    monkeypatch.setenv("DATABASE_URL", url)
    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    db.engine.cache_clear()
    yield db.engine()
    db.engine.cache_clear()


@pytest.fixture(scope="session")
def live_server(demo_sqlite_url):
    """`gunicorn app:server` (2 workers, as deployed) on a free port against the demo database."""
    with serve(demo_sqlite_url, SECRET_KEY="test-secret") as url:
        yield url


CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's chromium, never a downloaded browser."""
    return {**browser_type_launch_args, "headless": True,
            "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), "args": CHROME_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 720}}
