"""Import a file into the database: read, check every row, then store all of it or nothing.

A thin entry point over `data.intake` (the path the CLI and the import page take), for callers that want only
the changes: `import_path(engine, "council.xlsx")`.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from data import intake, store


def import_path(engine: Engine, path: Path | str, *, dry_run: bool = False, author: str | None = None,
                today=None) -> store.Changes:
    """Import the template (an .xlsx workbook or a folder of CSVs) or a recognised layout; raises ImportRefused
    on any problem, having written nothing."""
    _, changes = intake.import_file(engine, path, dry_run=dry_run, author=author, today=today)
    return changes
