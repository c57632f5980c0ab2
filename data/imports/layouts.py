"""Recognise the layouts councils export and turn them into the canonical template's tables.

Three layouts besides the canonical template (sheets `measures`, `targets`, `values`):
- wide: one row per measure, a column per period (`Q1`..`Q4`, `Q1 Actual`/`Q1 Target`, `Jul-19`, `2019/20`),
  the year from a Year column, the sheet's name (`2019-20`), a title row or the mapping;
- long: one row per measure and period (`Code, Period, Value, Target, Commentary`, or `Year` + `Month`);
- measures: one row per measure and no figures (a catalogue).
Each sheet's table is found below any title rows (`table`), read row by row (`reader`), and the whole file is
gathered (`drafts`) before the output goes through `check` like any template; each problem is traced back to
the user's own sheet, row and column.
"""

from __future__ import annotations

import re

from data.imports import cells
from data.imports.drafts import Converted
from data.imports.limits import Budget
from data.imports.mapping import Mapping
from data.imports.reader import SheetReader
from data.imports.sheets import Sheet
from data.imports.table import SEARCH_ROWS, Comparator, PeriodColumn, Table, find_table

FIRST_ROWS_SHOWN = 15
UNKNOWN = "not recognised"
_GENERIC_SHEET = re.compile(r"^(sheet|table|data|export|report|pis?|kpis?|indicators?|measures?|values?|targets?|"
                            r"summary|notes?|readme|instructions?|results?|dashboard|contents)\s*\d*$", re.I)
NO_TABLE = ("no table recognised: no heading row with a code or a name column (such as `PI Code`, `Ref` or "
            f"`Indicator`) in the first {SEARCH_ROWS} rows. On the import page, choose the heading row and what each "
            "column holds; on the command line, give a mapping (--mapping, see docs/IMPORT.md)")


def role_label(found) -> str:
    """A column's role in words, for the page: `value`, `value for 2019/20 Q2`, `comparator: Scotland`."""
    if isinstance(found, PeriodColumn):
        return f"{found.role} for {found.period.label if found.period else found.text}"
    if isinstance(found, Comparator):
        return f"comparator: {found.name}"
    return str(found)


def _sheet_directorates(tables: list[Table]) -> bool:
    """Several sheets named like directorates (not years, not `Sheet1`) with no directorate column of their own."""
    named = [t for t in tables if "directorate" not in t.by_field and not _GENERIC_SHEET.match(t.sheet.name.strip())
             and cells.financial_year(t.sheet.name) is None and not cells.is_partial_period(t.sheet.name)]
    return len(named) >= 2 and len(named) == len(tables)


def convert(sheets: list[Sheet], mapping: Mapping | None = None, existing: dict[str, dict] | None = None,
            budget: Budget | None = None) -> Converted:
    """Canonical tables from sheets of any recognised layout (not the canonical template itself)."""
    mapping = mapping or Mapping()
    out = Converted(mapping=mapping, existing=existing or {})
    wanted = {s.lower() for s in mapping.sheets} if mapping.sheets else None
    tables = []
    for sheet in sheets:
        if (wanted is not None and sheet.name.lower() not in wanted) or not sheet.rows:
            continue
        year = cells.financial_year(mapping.year) or cells.financial_year(sheet.name)
        table = find_table(sheet, mapping, cells.Year(fy=year) if year else None)
        if table is None:
            out.first_rows[sheet.name] = sheet.rows[:FIRST_ROWS_SHOWN]
            out.add_problem(out.skipped, sheet.name, None, None, "no table with a code or name column (such as "
                            "`PI Code`, `Ref` or `Indicator`) was found; sheet not imported")
            continue
        tables.append(table)
    by_sheet = _sheet_directorates(tables)
    for table in tables:
        _read(table, mapping, out, {"directorate": table.sheet.name} if by_sheet else {}, budget)
        if by_sheet:
            out.note(f"sheet {table.sheet.name!r} read as the directorate {table.sheet.name!r}")
    if not out.layouts and not out.problems:
        out.problem(sheets[0].name if sheets else "file", None, None, NO_TABLE)
    out.finish()
    return out


def _read(table: Table, mapping: Mapping, out: Converted, context: dict, budget: Budget | None) -> None:
    name = table.sheet.name
    out.found[name] = {"header": table.header, "layout": table.layout,
                       "columns": [(table.heading(i), role_label(c)) for i, c in sorted(table.columns.items())]
                       + [(h, "ignore") for h in table.ignored] + [(h, UNKNOWN) for h in table.unmatched]}
    out.problems += table.problems
    out.ignored += table.ignored
    for note in table.notes:
        out.note(note)
    has_period = {"period", "year"} & set(table.by_field) or "period" in mapping.derive or table.year
    if table.layout == "long" and not has_period:
        out.problem(name, table.header, None, "no period column: add a `Period` column (such as 2019/20 Q2) or a "
                    "Year and a Quarter/Month column")
        return
    if any(p.sheet == name for p in out.problems):
        return
    if budget:
        budget.check(name)
    SheetReader(table, mapping, out, context).read()
