"""Import any recognised file (canonical template, wide, long or measures layout): read, convert, check every
row, then store all of it or nothing. The command line and the import page both come through `prepare` and
`commit`; `preview` is the page's dry run, with what the importer understood of the file.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from data.core import loaders, locks
from data.imports import check, layouts, plan_check, sheets, store, template
from data.imports.limits import Budget
from data.imports.mapping import Mapping, matching
from data.imports.problems import ImportRefused, Problem
from data.imports.values import decimals_of, parse_value


@dataclass
class Understood:
    """What the importer made of a file, for the page to show and let the user correct."""

    found: dict = field(default_factory=dict)          # sheet -> {header, layout, columns: [(heading, role)]}
    first_rows: dict = field(default_factory=dict)     # sheet -> its top rows, where no table was found
    areas: dict = field(default_factory=dict)          # area name -> [code, rows]
    measures: list = field(default_factory=list)       # [{code, title, new, derived, polarity, polarity_from, unit}]
    notes: list = field(default_factory=list)
    headings: list = field(default_factory=list)       # the heading row of each table (saved-mapping signature)
    saved: list = field(default_factory=list)          # names of saved mappings for these headings


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
    understood: Understood = field(default_factory=Understood)

    @property
    def notes(self) -> list[str]:
        return self.understood.notes


class Refused(ImportRefused):
    """ImportRefused with what the importer understood of the file (for the page's choices)."""

    def __init__(self, problems: list[Problem], understood: Understood):
        super().__init__(problems)
        self.understood = understood


def existing_measures(engine: Engine) -> dict[str, dict]:
    """{code: measure fields by name} of the stored measures (fills what a file leaves out)."""
    with engine.connect() as conn:
        frame = loaders.measures(conn)
    keep = [c for c in frame.columns if c in store.MEASURE_FIELDS]
    return {r["code"]: {k: r[k] for k in keep if r[k] is not None and r[k] == r[k]}
            for r in frame[keep].to_dict("records")}


def _plan_known(engine: Engine) -> plan_check.Known:
    with engine.connect() as conn:
        return plan_check.known(conn)


def _frequencies(existing: dict) -> dict[str, str | None]:
    return {c: m.get("frequency") for c, m in existing.items()}


def prepare(engine: Engine, source: bytes | Path | str, filename: str | None = None, *,
            mapping: Mapping | dict | None = None, today: date | None = None, progress=None) -> Prepared:
    """Read and check a file without writing anything; raises ImportRefused listing every problem."""
    started = time.perf_counter()
    mapping = Mapping.from_dict(mapping) if isinstance(mapping, dict) else mapping
    name = sheets.display_name(filename or (Path(source).name if isinstance(source, (str, Path)) else None))
    budget = Budget(name)
    if isinstance(source, (str, Path)) and Path(source).is_dir():
        tables = template.read_tables(Path(source), budget)
        payload = check.check(tables, _frequencies(existing_measures(engine)), today, budget, _plan_known(engine))
        payload.sources = _template_sources(tables, name)
        return Prepared(name, payload, {"folder": "template"}, [], _count(tables), time.perf_counter() - started)
    if isinstance(source, (str, Path)) and not Path(source).exists():
        raise ImportRefused([Problem(str(source), None, None, "no such file or folder")])
    read = sheets.read_sheets(source, name, budget)
    if progress:
        progress(0.3)
    if (mapping is None or mapping.layout in (None, "template")) and template.is_template(read):
        tables = template.tables_of(read)
        payload = check.check(tables, _frequencies(existing_measures(engine)), today, budget, _plan_known(engine))
        payload.sources = _template_sources(tables, name)
        return Prepared(name, payload, {s: "template" for s in tables}, [], _count(tables),
                        time.perf_counter() - started)
    existing = existing_measures(engine)
    converted = layouts.convert(read, mapping, existing, budget)
    understood = _understood(engine, converted, read)
    if progress:
        progress(0.6)
    known = {**_frequencies(existing), **{c: None for c in converted.withheld}}
    try:
        payload = check.check(converted.tables, known, today, budget)
    except ImportRefused as refused:
        raise Refused(converted.problems + [converted.locate(p) for p in refused.problems], understood) from None
    if converted.problems:
        raise Refused(converted.problems, understood)
    payload.sources = {k: f"{name}, {v}" for k, v in converted.sources().items()}
    payload.benchmarks = converted.benchmark_rows()
    if payload.benchmarks:
        payload.benchmark_dataset = ((mapping.name if mapping and mapping.name else name), name, None,
                                     today or date.today())
    if progress:
        progress(0.8)
    return Prepared(name, payload, converted.layouts, converted.skipped, converted.rows_read,
                    time.perf_counter() - started, list(dict.fromkeys(converted.ignored)), understood)


def _understood(engine: Engine, converted, read) -> Understood:
    headings = [s.rows[info["header"] - 1] for s in read for n, info in converted.found.items() if n == s.name]
    candidates = [row for s in read for row in s.rows[:30]]
    notes = converted.notes + _fraction_notes(converted)
    return Understood(converted.found, converted.first_rows, converted.areas, converted.measures, notes,
                      headings, matching(engine, candidates))


def _fraction_notes(converted) -> list[str]:
    """Percentages that all lie between 0 and 1 with three or more decimals (0.9738) may be fractions of 1: say
    so, never guess (0.85% rent loss is a real percentage)."""
    units = {c: m.get("unit") for c, m in converted.existing.items()}
    units.update({m["code"]: m.get("unit") for m in converted.measures})
    found: dict[str, list] = {}
    for _, row in converted.tables["values"][1:]:
        if units.get(row["code"]) == "%" and row["code"] not in converted.mapping.scale:
            try:
                value = parse_value(row["value"])[0]
            except ValueError:
                continue
            found.setdefault(row["code"], []).append((value, decimals_of(row["value"])))
    return [f"{code}: every value lies between 0 and 1 for a % measure; if they are fractions (0.97 for 97%), "
            "multiply them by 100 (page: the measures table; mapping: scale)"
            for code, pairs in found.items() if max(d for _, d in pairs) >= 3
            and all(v is None or 0 <= v <= 1 for v, _ in pairs)]


def _count(tables: dict) -> int:
    return sum(len([r for r in rows if r[0] != "headings"]) for rows in tables.values())


def _template_sources(tables: dict, filename: str) -> dict[tuple, str]:
    out = {}
    for table, kind in (("values", "value"), ("targets", "target")):
        for n, row in tables.get(table, []):
            if n == "headings":
                continue
            try:
                label = check.period_of(row.get("period")).label
            except ValueError:
                continue
            out[(kind, template.text(row.get("code")), label)] = f"{filename}, {table} row {n}"
    return out


def commit(engine: Engine, prepared: Prepared, *, author: str | None = None, dry_run: bool = False,
           correction: str | None = None) -> store.Changes:
    """Store a prepared file in one transaction (or, in a dry run, say what it would change). Values land as
    `approved`, or `submitted` when the council's `import_state` setting says so. A value of a closed period is
    refused unless the import is a `correction` with its reason."""
    with engine.connect() as conn:
        state = store.import_state(conn)
    try:
        return store.store(engine, prepared.payload, source=prepared.filename, author=author, dry_run=dry_run,
                           state=state, correction=correction)
    except store.Busy as busy:
        raise ImportRefused([Problem(prepared.filename, None, None, str(busy))]) from None
    except locks.Locked as locked:
        raise ImportRefused([Problem("values", None, None, p) for p in locked.problems]) from None


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
    understood: Understood = field(default_factory=Understood)
    units: dict[str, tuple] = field(default_factory=dict)     # code -> (unit, decimals), to show figures

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
        return Preview(filename, problems=sorted(refused.problems, key=_order),
                       understood=getattr(refused, "understood", None) or Understood())
    units = {c: (m.get("unit"), m.get("decimals")) for c, m in existing_measures(engine).items()}
    units.update({m["code"]: (m.get("unit"), m.get("decimals")) for m in prepared.payload.measures})
    return Preview(filename, changes, prepared, understood=prepared.understood, units=units)


def _order(p: Problem) -> tuple:
    return (p.sheet, p.row or 0, p.column or "")
