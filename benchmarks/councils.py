"""The councils a benchmark measures, each in a database of its own on SQLite or PostgreSQL: the demo council,
and the county generated from outside: written as the import template, imported with `flask --app app import`."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from benchmarks.server import ROOT
from data.core import db
from data.demo import council as demo
from data.demo import county
from data.imports import export
from data.people import access

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# What each council's pages are measured on: directorates for filter changes, a measure for its page.
FACTS = {"demo": {"directorates": ["customer-and-digital", "housing-and-communities", "place-and-environment",
                                   "planning-and-growth", "resources"], "measure": "HSG01"},
         "county": {"directorates": ["adult-social-care", "childrens-services", "highways-and-transport",
                                     "resources", "fire-and-rescue"], "measure": "ASC01-01"}}


def postgres_answers(url: str) -> bool:
    try:
        with create_engine(url).connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


@contextlib.contextmanager
def database(council: str, backend: str, folder: Path, postgres: str = POSTGRES):
    """Yield the URL of a migrated database holding the council; dropped afterwards."""
    schema = f"bench_{council}_{uuid.uuid4().hex[:8]}"
    if backend == "sqlite":
        url = f"sqlite:///{folder / f'{council}.db'}"
    else:
        admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{postgres}?options=-csearch_path%3D{schema}"
    try:
        fill(council, url, folder)
        yield url
    finally:
        if backend != "sqlite":
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.dispose()


def fill(council: str, url: str, folder: Path) -> None:
    eng = db.make_engine(url)
    db.upgrade(eng)
    if council == "demo":
        demo.load(eng)
    else:
        template = export.write(county.template_tables(), folder / "county-template")
        subprocess.run([sys.executable, "-m", "flask", "--app", "app", "import", str(template), "--author",
                        "benchmark"], cwd=ROOT, check=True, capture_output=True, timeout=600,
                       env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-secret"})
        with eng.begin() as conn:   # the public sees every quarter, as in the demo
            access.publish_through(conn, county.LATEST_QUARTER, by="benchmark")
    eng.dispose()
