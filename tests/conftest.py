"""Shared fixtures: migrated databases on SQLite and PostgreSQL, the demo council, and a live server."""

from __future__ import annotations

import functools
import os
import sqlite3
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from benchmarks.server import serve
from data.core import db
from data.demo import council as demo

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgresql"]
# Each test process (one per parallel worker) keeps its produced downloads apart, servers it starts too: a test that
# prunes expired files must not remove another worker's.
os.environ.setdefault("DOWNLOADS_DIR", tempfile.mkdtemp(prefix="cpd-downloads-"))


# Migrating a database, and loading the demo council into it, is done once per test process and backend: each
# test gets a copy of that template (a file copy on SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL), with a
# stamp of its own so that nothing cached for one copy is served for another.
_templates: dict[tuple[str, bool], str] = {}
_template_folder = Path(tempfile.mkdtemp(prefix="cpd-templates-"))


def _template(backend: str, with_demo: bool) -> str:
    """The SQLite path or PostgreSQL database name of the migrated (and, with_demo, demo-loaded) template."""
    key = (backend, with_demo)
    if key not in _templates:
        name = f"tpl_{os.getpid()}_{uuid.uuid4().hex[:8]}_{'demo' if with_demo else 'empty'}"
        if backend == "sqlite":
            path = _template_folder / f"{name}.db"
            url = f"sqlite:///{path}"
        else:
            with _admin() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            path, url = name, _pg_database_url(name)
        eng = db.make_engine(url)
        db.upgrade(eng)
        if with_demo:
            demo.load(eng)
        eng.dispose()
        _templates[key] = str(path)
    return _templates[key]


@functools.cache
def _admin_engine():
    # no pool: CREATE/DROP DATABASE connections are closed at once, none left idle per test
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)


def _admin():
    return _admin_engine().connect()


def _pg_database_url(name: str) -> str:
    return PG_URL.rsplit("/", 1)[0] + f"/{name}"


def drop_templates() -> None:
    """At the end of a test process: the PostgreSQL templates go (SQLite's are files in a temporary folder)."""
    names = [name for (backend, _), name in _templates.items() if backend == "postgresql"]
    if names:
        with _admin() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    _templates.clear()


def pytest_collection_modifyitems(config, items):
    """A module marked `reading_only` tests how files are read and understood, not how the database stores them
    (test_import.py, test_export.py, test_hostile.py and the rest store the same rows on both backends): its tests
    run on SQLite only."""
    dropped = [item for item in items if item.get_closest_marker("reading_only")
               and "postgresql" in getattr(getattr(item, "callspec", None), "params", {}).values()]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        gone = set(dropped)
        items[:] = [item for item in items if item not in gone]


def pytest_sessionfinish(session, exitstatus):
    drop_templates()


def _fresh_stamp(eng) -> None:
    with eng.begin() as conn:
        conn.execute(text("UPDATE data_version SET stamp = :stamp"), {"stamp": uuid.uuid4().hex})


def make_database(backend: str, folder: Path, with_demo: bool = False):
    """A fresh, migrated database, empty or (with_demo) holding the demo council; returns (engine, cleanup)."""
    source = _template(backend, with_demo)
    if backend == "sqlite":
        target = folder / f"{uuid.uuid4().hex}.db"
        private_copy(source, target)
        eng = db.make_engine(f"sqlite:///{target}")
        _fresh_stamp(eng)
        return eng, eng.dispose
    name = f"t_{uuid.uuid4().hex[:12]}"
    with _admin() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{source}"'))
    eng = create_engine(_pg_database_url(name))
    _fresh_stamp(eng)

    def cleanup():
        eng.dispose()
        with _admin() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return eng, cleanup


def database_url(eng) -> str:
    """The URL a server process (or another engine) opens for `eng`'s database."""
    return eng.url.render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path):
    """A fresh migrated empty database, once on SQLite and once on PostgreSQL."""
    eng, cleanup = make_database(request.param, tmp_path)
    yield eng
    cleanup()


@pytest.fixture(params=BACKENDS)
def demo_copy(request, tmp_path):
    """A private copy of the demo council that a test may write to, once on SQLite and once on PostgreSQL."""
    eng, cleanup = make_database(request.param, tmp_path, with_demo=True)
    yield eng
    cleanup()


@pytest.fixture(scope="session", params=BACKENDS)
def demo_engine(request, tmp_path_factory):
    """The demo council, loaded once per backend; tests must not write to it."""
    eng, cleanup = make_database(request.param, tmp_path_factory.mktemp("demo"), with_demo=True)
    yield eng
    cleanup()


@pytest.fixture(scope="session")
def demo_sqlite_url(tmp_path_factory):
    """A SQLite file with the demo council, for the app under test."""
    path = tmp_path_factory.mktemp("app") / "performance.db"
    private_copy(_template("sqlite", True), path)
    eng = db.make_engine(f"sqlite:///{path}")
    _fresh_stamp(eng)
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
    """`gunicorn app:server` with gunicorn.conf.py on a free port against the demo database, for the browser tests
    that only read its pages: one worker, as no test of it is about requests spread over workers (each worker
    started costs about 2.5 CPU-seconds on a machine the tests keep busy)."""
    with serve(demo_sqlite_url, workers=1, SECRET_KEY="test-secret") as url:
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
