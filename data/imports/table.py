"""Find the table in a sheet as councils send it: title rows, blank rows and a merged title above the heading row
are passed over (a `Directorate: Place` or a financial year in a title is kept as context); each heading is given
its role; merged cells inside the table are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from data.core.periods import Period, PeriodError
from data.imports import cells, words
from data.imports.headings import NOT_IMPORTED, comparator_heading, heading_key, period_heading, recognise
from data.imports.mapping import Mapping
from data.imports.problems import Problem
from data.imports.sheets import Sheet, merged_problems

SEARCH_ROWS = 30
IDENTITY = ("code", "title", "code_and_title")
_FY_IN_TITLE = re.compile(r"\b(?:fy\s*)?(\d{4}\s*[/-]\s*\d{2})\b", re.I)


@dataclass(frozen=True)
class PeriodColumn:
    role: str                     # value | target
    period: Period | None         # None: needs the sheet's year
    text: str


@dataclass(frozen=True)
class Comparator:
    name: str                     # `Scotland`, `Family group average`
    figure: bool                  # False for its numerator or denominator (not kept)


@dataclass
class Table:
    sheet: Sheet
    header: int                                     # the heading row, as the user numbers it
    headings: list
    columns: dict[int, object] = field(default_factory=dict)   # field name, PeriodColumn or Comparator
    by_field: dict[str, int] = field(default_factory=dict)
    alternates: dict[str, list[int]] = field(default_factory=dict)   # a second Year column, tried in turn
    year: cells.Year | None = None
    context: dict[str, str] = field(default_factory=dict)      # from title rows: directorate, service
    ignored: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    layout: str = "measures"
    forced: str | None = None                       # the mapping's layout, when it names one

    def heading(self, i: int) -> str:
        return str(self.headings[i]).strip()

    @property
    def period_columns(self) -> list[tuple[int, PeriodColumn]]:
        return [(i, c) for i, c in self.columns.items() if isinstance(c, PeriodColumn)]


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def role(heading, mapping: Mapping, year: cells.Year | None):
    """A heading's role: a field name, a PeriodColumn, a Comparator, or None when nothing recognises it."""
    mapped = mapping.field_for(heading)
    if mapped:
        return mapped
    known = recognise(heading)
    if known:
        return known
    found = period_heading(heading, year.fy if year else None)
    if found:
        return PeriodColumn(*found)
    comparator = comparator_heading(heading)
    return Comparator(*comparator) if comparator else None


def _identity(roles, mapping: Mapping) -> bool:
    named = {r for r in roles if isinstance(r, str)}
    return bool(named & set(IDENTITY)) or bool({"code", "title"} & set(mapping.derive))


def _heading_row(sheet: Sheet, mapping: Mapping, year) -> int | None:
    if mapping.header_row:
        return mapping.header_row if mapping.header_row <= len(sheet.rows) else None
    for r, row in enumerate(sheet.rows[:SEARCH_ROWS], start=1):
        filled = [h for h in row if not _blank(h)]
        roles = [role(h, mapping, year) for h in filled]
        if len(filled) >= 2 and sum(x is not None for x in roles) >= 2 and _identity(roles, mapping):
            return r
    return None


def _title_context(sheet: Sheet, header: int) -> tuple[dict, cells.Year | None]:
    """`Directorate: Place` and a financial year such as `Q2 2019/20 report` in the rows above the headings."""
    context, years = {}, set()
    for row in sheet.rows[:header - 1]:
        for cell in row:
            if _blank(cell):
                continue
            found = words.labelled(cell)
            if found:
                context[found[0]] = found[1]
            years |= {m for m in _FY_IN_TITLE.findall(str(cell))}
    fy = cells.financial_year(context.pop("year", None) or (years.pop() if len(years) == 1 else None))
    return context, cells.Year(fy=fy) if fy else None


def _content_role(sheet: Sheet, header: int, i: int, guess):
    """A `period` column that holds only `Annual`, `Monthly`... is the frequency (LGBF's `ReportingPeriod`)."""
    if guess != "period":
        return guess
    sample = [r[i] for r in sheet.rows[header:header + 200] if i < len(r) and not _blank(r[i])]
    if not sample:
        return guess

    def is_period(cell) -> bool:
        try:
            cells.parse_period_cell(cell, cells.Year(fy=Period.year(2000)))
            return True
        except PeriodError:
            return False
    if sum(map(is_period, sample)) * 2 >= len(sample):
        return guess
    frequency = [words.rule_word("frequency", c) for c in sample]
    return "frequency" if all(f in words.WORDS["frequency"] for f in frequency) else guess


def find_table(sheet: Sheet, mapping: Mapping, sheet_year: cells.Year | None) -> Table | None:
    """The sheet's table with each column's role, or None when no heading row with a code or name is found."""
    header = _heading_row(sheet, mapping, sheet_year)
    if header is None:
        return None
    context, title_year = _title_context(sheet, header)
    table = Table(sheet, header, list(sheet.rows[header - 1]), context=context, year=sheet_year or title_year,
                  forced=mapping.layout if mapping.layout in ("wide", "long", "measures") else None)
    table.problems += merged_problems(sheet, header)
    for i, h in enumerate(table.headings):
        if _blank(h):
            continue
        guess = _content_role(sheet, header, i, role(h, mapping, table.year))
        _assign(table, i, h, guess, mapping)
    _settle(table)
    return table


def _assign(table: Table, i: int, h, found, mapping: Mapping) -> None:
    name = str(h).strip()
    if found is None:
        if mapping.ignore_other_columns:
            table.ignored.append(name)
        else:
            table.unmatched.append(name)
        return
    if found == "ignore" or found in NOT_IMPORTED or (isinstance(found, Comparator) and not found.figure):
        table.ignored.append(name)
        return
    if isinstance(found, str):
        if found == "title" and found in table.by_field:
            first = table.by_field[found]
            if heading_key(table.headings[first]) == "measure":      # `Indicator` beside `Measure`: a measure type
                table.columns[first] = "measure_type"
                table.by_field["measure_type"] = first
            elif heading_key(h) == "measure":
                found = "measure_type"
        if found == "year" and found in table.by_field:
            table.alternates.setdefault("year", []).append(i)
            return
        if found in table.by_field and table.columns.get(table.by_field[found]) == found:
            table.problems.append(Problem(table.sheet.name, table.header, name, f"a second `{found}` column "
                                          f"(the first is {table.heading(table.by_field[found])})"))
            return
        table.by_field[found] = i
    table.columns[i] = found


def _settle(table: Table) -> None:
    """The layout from the roles found; unknown headings are left out (and listed) once the table has figures,
    and asked about when it has none (one of them may be the figure)."""
    fields = set(table.by_field)
    has_figures = bool(table.period_columns) or bool({"value", "target"} & fields)
    table.layout = "wide" if table.period_columns else "long" if {"value", "target"} & fields else "measures"
    if table.forced:
        table.layout = table.forced
        if table.forced == "wide" and not table.period_columns:
            table.problems.append(Problem(table.sheet.name, table.header, None, "no period columns (such as Q1, "
                                          "Q2 Actual or Jul-19) for a wide layout"))
    looks_like_figures = bool({"period", "year"} & fields) and not has_figures
    if table.unmatched and (has_figures or not looks_like_figures):
        table.notes.append(f"{table.sheet.name}: columns not recognised, so not imported: "
                           f"{', '.join(table.unmatched)}")
        table.ignored += table.unmatched
        table.unmatched = []
    for name in table.unmatched:
        table.problems.append(Problem(table.sheet.name, table.header, name,
                                      "heading not recognised: map it to a field or to `ignore`"))
