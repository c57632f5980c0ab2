"""Import a file into the database: read, check every row, then store all of it or nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from data import store, template
from data.models import Measure


def known_measures(engine: Engine) -> dict[str, str]:
    """{code: frequency} of the measures already stored."""
    with engine.connect() as conn:
        return dict(conn.execute(select(Measure.code, Measure.frequency)).all())


def import_path(engine: Engine, path: Path | str, *, dry_run: bool = False, author: str | None = None,
                today=None) -> store.Changes:
    """Import the canonical template (an .xlsx workbook or a folder of CSVs); raises ImportRefused on any problem."""
    path = Path(path)
    if not path.exists():
        raise template.ImportRefused([template.Problem(str(path), None, None, "no such file or folder")])
    payload = template.check(template.read_tables(path), known_measures(engine), today=today)
    return store.store(engine, payload, source=path.name, author=author, dry_run=dry_run)
