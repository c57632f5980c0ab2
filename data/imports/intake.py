"""Import any recognised file (canonical template, wide, long or measures layout): read, convert, check every
row, then store all of it or nothing. The CLI and the import page both come through `prepare` and `commit`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from data.core import loaders
from data.imports import layouts, sheets, store, template, values
from data.imports.layouts import Mapping
from data.imports.template import ImportRefused, Problem


@dataclass
class Prepared:
    """A checked file, ready to store: its payload, what was skipped, and where each figure came from."""

    filename: str
    payload: store.Payload
    layouts: dict[str, str] = field(default_factory=dict)
    skipped: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    seconds: float = 0.0
    ignored: list[str] = field(default_factory=list)


def existing_measures(engine: Engine) -> dict[str, dict]:
    """{code: measure fields by name} of the stored measures (fills what a file leaves out)."""
    with engine.connect() as conn:
        frame = loaders.measures(conn)
    keep = [c for c in frame.columns if c in store.MEASURE_FIELDS]
    return {r["code"]: {k: r[k] for k in keep if r[k] is not None and r[k] == r[k]}
            for r in frame[keep].to_dict("records")}


def prepare(engine: Engine, source: bytes | Path | str, filename: str | None = None, *,
            mapping: Mapping | dict | None = None, today: date | None = None, progress=None) -> Prepared:
    """Read and check a file without writing anything; raises ImportRefused listing every problem."""
    started = time.perf_counter()
    if isinstance(mapping, dict):
        mapping = Mapping.from_dict(mapping)
    if isinstance(source, (str, Path)) and Path(source).is_dir():
        tables = template.read_tables(Path(source))
        payload = _check(engine, tables, today)
        payload.sources = _template_sources(tables, Path(source).name)
        return Prepared(Path(source).name, payload, {"folder": "template"}, [], _count(tables),
                        time.perf_counter() - started)
    filename = filename or Path(source).name
    if isinstance(source, (str, Path)) and not Path(source).exists():
        raise ImportRefused([Problem(str(source), None, None, "no such file or folder")])
    read = sheets.read_sheets(source, filename)
    if progress:
        progress(0.3)
    bad = layouts.control_characters(read)
    if bad:
        raise ImportRefused(bad)
    if (mapping is None or mapping.layout in (None, "template")) and layouts.is_template(read):
        tables = layouts.template_tables(read)
        payload = _check(engine, tables, today)
        payload.sources = _template_sources(tables, filename)
        return Prepared(filename, payload, {name: "template" for name in tables}, [], _count(tables),
                        time.perf_counter() - started)
    existing = existing_measures(engine)
    converted = layouts.convert(read, mapping, existing)
    if progress:
        progress(0.6)
    try:
        payload = _check(engine, converted.tables, today, known=existing)
    except ImportRefused as refused:
        raise ImportRefused(converted.problems + [converted.locate(p) for p in refused.problems]) from None
    if converted.problems:
        raise ImportRefused(converted.problems)
    payload.sources = {k: f"{filename}, {v}" for k, v in converted.sources().items()}
    if progress:
        progress(0.8)
    return Prepared(filename, payload, converted.layouts, converted.skipped, converted.rows_read,
                    time.perf_counter() - started, list(dict.fromkeys(converted.ignored)))


def _check(engine: Engine, tables: dict, today: date | None, known: dict | None = None) -> store.Payload:
    codes = {c: m.get("frequency") for c, m in (known if known is not None else existing_measures(engine)).items()}
    return template.check(tables, codes, today=today, number=values.parse_number_or_marker)


def _count(tables: dict) -> int:
    return sum(len([r for r in rows if r[0] != "headings"]) for rows in tables.values())


def _template_sources(tables: dict, filename: str) -> dict[tuple, str]:
    out = {}
    for table, kind in (("values", "value"), ("targets", "target")):
        for n, row in tables.get(table, []):
            if n == "headings":
                continue
            try:
                label = values.parse_period_cell(row.get("period")).label
            except ValueError:
                continue
            out[(kind, layouts._text(row.get("code")), label)] = f"{filename}, {table} row {n}"
    return out


def commit(engine: Engine, prepared: Prepared, *, author: str | None = None, dry_run: bool = False) -> store.Changes:
    """Store a prepared file in one transaction (or, in a dry run, say what it would change)."""
    return store.store(engine, prepared.payload, source=prepared.filename, author=author, dry_run=dry_run)


def import_file(engine: Engine, source: bytes | Path | str, filename: str | None = None, *,
                mapping: Mapping | dict | str | Path | None = None, dry_run: bool = False,
                author: str | None = None, today: date | None = None) -> tuple[Prepared, store.Changes]:
    """Prepare then commit; raises ImportRefused (nothing written) on any problem."""
    if isinstance(mapping, (str, Path)):
        mapping = Mapping.load(mapping)
    prepared = prepare(engine, source, filename, mapping=mapping, today=today)
    return prepared, commit(engine, prepared, author=author, dry_run=dry_run)


UNRECOGNISED = "heading not recognised"


@dataclass
class Preview:
    """What confirming an upload would do, or why it is refused (nothing is written either way)."""

    filename: str
    changes: store.Changes | None = None
    prepared: Prepared | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.changes is not None and not self.problems

    @property
    def unmatched(self) -> list[str]:
        """Headings the user has to map before the file can be read."""
        return list(dict.fromkeys(p.column for p in self.problems if p.message.startswith(UNRECOGNISED)))


def preview(engine: Engine, content: bytes, filename: str, mapping: dict | None = None, *,
            today: date | None = None, progress=None) -> Preview:
    """Check an upload and dry-run it: the changes it would make, or every problem that refuses it."""
    try:
        prepared = prepare(engine, content, filename, mapping=mapping or None, today=today, progress=progress)
        changes = commit(engine, prepared, dry_run=True)
    except ImportRefused as refused:
        return Preview(filename, problems=sorted(refused.problems, key=_order))
    return Preview(filename, changes, prepared)


def _order(p: Problem) -> tuple:
    return (p.sheet, p.row or 0, p.column or "")
