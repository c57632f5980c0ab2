"""The database engine (from DATABASE_URL) and the schema migrations that build it."""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect, text
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


WRITE_LOCK_SECONDS = 30
_LOCK_KEYS = {"import": 4711011, "entry": 4711013}


def write_lock(s: Session, name: str) -> None:
    """Serialise one kind of write (`entry`, `import`) for the rest of the session's transaction, so that what it
    reads before writing is still true when it writes: PostgreSQL waits on an advisory lock (per schema), SQLite
    takes its write lock before reading (BEGIN IMMEDIATE, waiting up to WRITE_LOCK_SECONDS)."""
    dialect = s.get_bind().dialect.name
    if dialect == "postgresql":
        s.execute(text(f"SET LOCAL lock_timeout = '{WRITE_LOCK_SECONDS}s'"))
        s.execute(text("SELECT pg_advisory_xact_lock(:k, hashtext(current_schema()))"), {"k": _LOCK_KEYS[name]})
    elif dialect == "sqlite":
        s.connection().exec_driver_sql(f"PRAGMA busy_timeout = {WRITE_LOCK_SECONDS * 1000}")
        s.connection().exec_driver_sql("BEGIN IMMEDIATE")


UNAVAILABLE = "The database is unavailable, try again shortly."
BUSY = "The database is busy, try again shortly."
_DOWN_WORDS = ("connection", "connect", "server closed", "terminating", "shutting down", "starting up",
               "unable to open database", "the database system is", "no such host", "timeout expired")


def unavailable(error: BaseException) -> str | None:
    """What to tell a user when `error` (or what caused it) means the database cannot be reached or is locked
    (UNAVAILABLE or BUSY), else None: a fault of the moment, answered 503, not a fault of the program."""
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            return UNAVAILABLE
        if isinstance(error, (OperationalError, InterfaceError)):
            words = str(getattr(error, "orig", error)).lower()
            if "database is locked" in words or "lock timeout" in words:
                return BUSY
            if any(w in words for w in _DOWN_WORDS):
                return UNAVAILABLE
        error = error.__cause__ or error.__context__
    return None


def ping(eng: Engine | None = None) -> str | None:
    """None when the database answers a trivial query now, else what to tell the user (UNAVAILABLE)."""
    try:
        with (eng or engine()).connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as e:  # noqa: BLE001  any failure to answer is "unavailable" to the person waiting
        return unavailable(e) or UNAVAILABLE
    return None


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
