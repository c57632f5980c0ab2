"""The database engine (from DATABASE_URL) and the schema migrations that build it."""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from data.core import settings

MIGRATIONS = settings.ROOT / "migrations"


@functools.cache
def engine() -> Engine:
    return make_engine(settings.get("DATABASE_URL"))


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        eng = create_engine(url)
        event.listen(eng, "connect", _sqlite_pragmas)
        return eng
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record):
    # Foreign keys are off by default in SQLite; WAL lets gunicorn workers read while one writes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def connect() -> Connection:
    return engine().connect()


def session(eng: Engine | None = None) -> Session:
    return Session(eng or engine(), expire_on_commit=False)


def alembic_config(eng: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = eng
    return config


def upgrade(eng: Engine | None = None) -> None:
    """Bring the schema to the latest migration (the same path in production, development and tests)."""
    command.upgrade(alembic_config(eng or engine()), "head")


def is_empty(eng: Engine | None = None) -> bool:
    """True when no measure is stored yet."""
    eng = eng or engine()
    if "measure" not in inspect(eng).get_table_names():
        return True
    with eng.connect() as conn:
        return conn.exec_driver_sql("SELECT COUNT(*) FROM measure").scalar() == 0


@functools.cache
def expected_heads() -> tuple[str, ...]:
    """The latest migration revision(s) in migrations/ (read once per process)."""
    from alembic.script import ScriptDirectory
    return tuple(sorted(ScriptDirectory.from_config(alembic_config(None)).get_heads()))


def readiness(eng: Engine) -> dict:
    """{"ok", "detail"}: the database answers and its schema is at the latest migration."""
    from alembic.migration import MigrationContext
    try:
        with eng.connect() as conn:
            current = tuple(sorted(MigrationContext.configure(conn).get_current_heads()))
    except Exception as e:  # the probe says why, without the URL or its password
        return {"ok": False, "detail": f"database does not answer ({type(e).__name__})"}
    if current != expected_heads():
        return {"ok": False, "detail": f"schema at {', '.join(current) or 'nothing'}, expected "
                                        f"{', '.join(expected_heads())}: run `flask --app app init-db`"}
    return {"ok": True, "detail": f"schema at {', '.join(current)}"}
