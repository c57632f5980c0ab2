"""Recognise the layouts councils export and turn them into the canonical template's tables.

Three layouts besides the canonical template (sheets `measures`, `targets`, `values`):
- wide: one row per measure, a column per period (`Q1`..`Q4`, `Q1 Actual`/`Q1 Target`, `Jul-19`, `2019/20`),
  the year from a Year column, the sheet's name (`2019-20`) or the mapping;
- long: one row per measure and period (`Code, Period, Value, Target, Commentary`, or `Year` + `Month`);
- measures: one row per measure and no figures (a catalogue).
Headings are matched through synonyms (`PI Code`/`Ref`/`KPI ID`, `Actual`/`Outturn`, `Good is`/`Polarity`),
case- and space-insensitively; a heading nothing matches needs a mapping (`Mapping.headings`) or is refused.
The output goes through `template.check` like any template, and each problem is traced back to the user's
own sheet, row and column (`Converted.locate`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from data.imports import values as cells
from data.core.periods import MONTH, QUARTER, YEAR, Period, PeriodError
from data.imports.sheets import Sheet
from data.imports.store import MEASURE_FIELDS
from data.imports.template import SHEETS, ImportRefused, Problem, _rows

LAYOUTS = ("template", "wide", "long", "measures")
FIGURE_FIELDS = ("period", "year", "value", "target", "commentary", "status")
FIELDS = MEASURE_FIELDS + FIGURE_FIELDS + ("ignore",)
RULE_FIELDS = ("polarity", "frequency", "kind", "rollup", "tolerance_type")

# Heading synonyms, matched after `heading_key` (lower case, punctuation and extra spaces removed).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "code": ("code", "pi code", "pi", "ref", "pi ref", "pi ref no", "reference", "kpi id", "kpi code", "kpi ref",
             "indicator code", "measure code", "indicator id", "measure id", "id", "pi no", "indicator ref"),
    "title": ("title", "indicator", "measure", "description", "pi description", "kpi", "kpi name",
              "indicator name", "measure name", "name", "pi name", "pi title", "indicator title", "kpi description",
              "pi code and name"),
    "description": ("definition", "long description", "indicator description", "how calculated"),
    "directorate": ("directorate", "department", "portfolio", "division"),
    "service": ("service", "service area", "team", "owning service", "business unit", "service name"),
    "priority": ("priority", "council priority", "outcome", "theme", "corporate priority", "objective"),
    "owner": ("owner", "lead", "lead officer", "responsible officer", "officer", "accountable officer"),
    "unit": ("unit", "units", "meas in", "unit of measure", "measured in", "format"),
    "decimals": ("decimals", "dp", "decimal places"),
    "polarity": ("polarity", "good is", "direction", "good performance is", "prefd outcm", "preferred outcome",
                 "aim", "better is", "direction of improvement", "direction of improving performance",
                 "higher or lower is better", "ranking type"),
    "frequency": ("frequency", "reporting frequency", "collection frequency", "collected", "reported"),
    "kind": ("kind", "indicator type", "pi type", "type", "target or data only"),
    "rollup": ("rollup", "roll up", "aggregation", "calculation", "accumulation", "year end calculation"),
    "tolerance": ("tolerance", "amber tolerance", "tolerance band"),
    "tolerance_type": ("tolerance type",),
    "period": ("period", "quarter", "month", "date", "reporting period", "period label", "time period"),
    "year": ("year", "financial year", "fy", "reporting year", "lgbf year"),
    "value": ("value", "actual", "actuals", "outturn", "result", "performance", "figure", "data", "score",
              "current value", "this quarter"),
    "target": ("target", "target value", "current target"),
    "commentary": ("commentary", "comment", "comments", "notes", "note", "narrative", "explanation",
                   "latest note", "officer comment"),
    "status": ("status", "rag", "rag status", "traffic light", "rating"),
}
_VALUE_WORDS = ("actual", "actuals", "value", "outturn", "result", "performance", "figure")
_TARGET_WORDS = ("target", "tgt")


def heading_key(heading) -> str:
    """`  KPI-ID ` -> `kpi id`; `Pref'd Outcm` -> `prefd outcm`."""
    text = str(heading or "").lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


_LOOKUP = {heading_key(s): f for f, synonyms in SYNONYMS.items() for s in synonyms}


def recognise(heading) -> str | None:
    """The field a heading names, or None: recognise("Good is") -> "polarity"."""
    return _LOOKUP.get(heading_key(heading))


def period_heading(heading, year: Period | None) -> tuple[str, Period | None, str] | None:
    """("value" or "target", period or None when it needs a year, the period text) for a period column
    such as `Q2`, `Q2 Actual`, `Q2 Target`, `2019/20 Q2`, `Jul-19` or `Actual 06/07`; None otherwise."""
    if heading is None:
        return None
    raw = str(heading).strip()
    words = raw.lower().replace("_", " ").split()
    role = "target" if any(w.strip("():") in _TARGET_WORDS for w in words) else "value"
    rest = " ".join(w for w in words if w.strip("():") not in _VALUE_WORDS + _TARGET_WORDS).strip(" -:()")
    if not rest or (len(words) > 1 and rest == raw.lower() and not re.search(r"\d|^q[1-4]$", rest)):
        return None
    try:
        return role, cells.parse_period_cell(rest, year), rest
    except PeriodError:
        if cells.is_partial_period(rest):
            return role, None, rest
        return None


@dataclass
class Mapping:
    """How to read a file whose headings or rows need help; kept as JSON beside the data (`examples/`).

    headings: {heading as typed: field or "ignore"}; derive: {field: {"from": heading, "map": {cell: value}}
    or {"value": constant}}; defaults / measures[code]: measure fields the file lacks; include / exclude:
    {heading: [cell values]} to keep or drop rows; blank: {field: [cell texts that mean blank]}.
    """

    name: str = ""
    layout: str | None = None
    sheets: list[str] | None = None
    header_row: int | None = None
    year: str | None = None
    headings: dict[str, str] = field(default_factory=dict)
    derive: dict[str, dict] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    measures: dict[str, dict] = field(default_factory=dict)
    include: dict[str, list] = field(default_factory=dict)
    exclude: dict[str, list] = field(default_factory=dict)
    blank: dict[str, list] = field(default_factory=dict)
    scale: dict[str, float] = field(default_factory=dict)    # {code: factor}: LGBF's 0-1 fractions x 100
    ignore_other_columns: bool = False
    skip_unparseable_periods: bool = False
    description: str = ""

    @classmethod
    def from_dict(cls, data: dict | None) -> Mapping:
        data = dict(data or {})
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ImportRefused([Problem("mapping", None, k, "unknown mapping key") for k in sorted(unknown)])
        m = cls(**data)
        bad = [Problem("mapping", None, h, f"{f!r} is not a field (expected one of {', '.join(FIELDS)})")
               for h, f in m.headings.items() if f not in FIELDS]
        bad += [Problem("mapping", None, "layout", f"{m.layout!r} is not one of {', '.join(LAYOUTS)}")
                for _ in [1] if m.layout and m.layout not in LAYOUTS]
        if bad:
            raise ImportRefused(bad)
        return m

    @classmethod
    def load(cls, path: Path | str) -> Mapping:
        try:
            return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as e:
            raise ImportRefused([Problem(str(path), None, None, f"not a readable mapping file ({e})")]) from None

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "", [], {}, False)}

    def field_for(self, heading) -> str | None:
        keyed = {heading_key(h): f for h, f in self.headings.items()}
        return keyed.get(heading_key(heading))


@dataclass
class Converted:
    """Canonical tables (as `template.read_tables` gives them) plus where each row came from."""

    tables: dict[str, list] = field(default_factory=lambda: {name: [("headings", list(cols))]
                                                            for name, cols in SHEETS.items()})
    origins: dict[tuple[str, int], tuple[str, int, dict]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    unmatched: dict[str, list[str]] = field(default_factory=dict)
    layouts: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)        # headings left out (`ignore`, or a published Status)
    rows_read: int = 0

    def add(self, table: str, row: dict, sheet: str, sheet_row: int, columns: dict) -> None:
        n = len(self.tables[table]) + 1      # the synthetic row number template.check reports
        self.tables[table].append((n, row))
        self.origins[(table, n)] = (sheet, sheet_row, columns)

    def locate(self, p: Problem) -> Problem:
        """A template problem in the user's own sheet, row and column."""
        origin = self.origins.get((p.sheet, p.row))
        if origin is None:
            return p
        sheet, row, columns = origin
        column = columns.get(p.column)
        message = p.message
        if column is None and p.message == "is empty":
            message = (f"no {p.column} for this measure: add a `{p.column}` column, or give it in the mapping "
                       f"(defaults or measures)")
        return Problem(sheet, row, column or p.column, message)

    def sources(self) -> dict[tuple, str]:
        """{("value"|"target", code, period label): "Sheet row 7"} for the audit trail."""
        out = {}
        for table, kind, column in (("values", "value", "value"), ("targets", "target", "target")):
            for n, row in self.tables[table][1:]:
                sheet, sheet_row, _ = self.origins[(table, n)]
                out[(kind, str(row.get("code")), str(row.get("period")))] = f"{sheet} row {sheet_row}"
        return out


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def control_characters(sheets: list[Sheet]) -> list[Problem]:
    """Cells holding control characters (never typed by a person; they break spreadsheets and exports)."""
    problems = []
    for sheet in sheets:
        for r, row in enumerate(sheet.rows, start=1):
            for c, cell in enumerate(row):
                if isinstance(cell, str) and _CONTROL.search(cell):
                    problems.append(Problem(sheet.name, r, _letter(c), "contains control characters"))
    return problems[:50]


def _letter(index: int) -> str:
    n, letters = index + 1, ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def is_template(sheets: list[Sheet]) -> bool:
    names = {s.name.strip().lower() for s in sheets}
    return bool(names & set(SHEETS)) and names <= set(SHEETS) | {"readme", "notes", "instructions"}


def template_tables(sheets: list[Sheet]) -> dict[str, list]:
    return {s.name.strip().lower(): _rows(s.rows, s.name.strip().lower()) for s in sheets
            if s.name.strip().lower() in SHEETS}


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _text(v) -> str | None:
    if _blank(v):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


class _SheetReader:
    """One sheet: find its heading row, name each column, then emit canonical rows."""

    def __init__(self, sheet: Sheet, mapping: Mapping, existing: dict[str, dict], out: Converted,
                 seen_measures: dict):
        self.sheet, self.mapping, self.existing, self.out = sheet, mapping, existing, out
        self.seen = seen_measures
        self.sheet_year = cells.financial_year(mapping.year) or cells.financial_year(sheet.name)

    def problem(self, row, column, message):
        self.out.problems.append(Problem(self.sheet.name, row, column, message))

    def _column_field(self, heading) -> str | tuple | None:
        mapped = self.mapping.field_for(heading)
        if mapped:
            return mapped
        known = recognise(heading)
        if known:
            return known
        return period_heading(heading, self.sheet_year)

    def find_heading_row(self) -> int | None:
        if self.mapping.header_row:
            return self.mapping.header_row
        for r, row in enumerate(self.sheet.rows[:15], start=1):
            named = [self._column_field(h) for h in row if not _blank(h)]
            fields = {f for f in named if isinstance(f, str)}
            if ("code" in fields or "code" in self.mapping.derive) and len(named) >= 2:
                return r
        return None

    def read(self) -> None:
        header = self.find_heading_row()
        if header is None or header > len(self.sheet.rows):
            self.out.skipped.append(Problem(self.sheet.name, None, None, "no table with a code column (such as "
                                            "`PI Code`, `Ref` or `KPI ID`) was found; sheet not imported"))
            return
        headings = self.sheet.rows[header - 1]
        self.columns: dict[int, object] = {}
        by_field: dict[str, int] = {}
        for i, h in enumerate(headings):
            if _blank(h):
                continue
            f = self._column_field(h)
            if f is None and self.mapping.ignore_other_columns:
                f = "ignore"
            if f is None:
                self.out.unmatched.setdefault(self.sheet.name, []).append(str(h).strip())
                self.problem(header, str(h).strip(), "heading not recognised: map it to a field or to `ignore`")
                continue
            if f in ("ignore", "status"):
                self.out.ignored.append(str(h).strip())
                continue
            if isinstance(f, str):
                if f in by_field:
                    self.problem(header, str(h).strip(), f"a second `{f}` column (the first is "
                                 f"{headings[by_field[f]]!s})")
                    continue
                by_field[f] = i
            self.columns[i] = f
        self.headings, self.by_field, self.header = headings, by_field, header
        period_columns = [(i, f) for i, f in self.columns.items() if isinstance(f, tuple)]
        layout = self.mapping.layout or ("wide" if period_columns else
                                         "long" if {"value", "target"} & set(by_field) else "measures")
        has_period = {"period", "year"} & set(by_field) or "period" in self.mapping.derive
        if layout == "long" and not has_period:
            self.problem(header, None, "no period column: add a `Period` column (such as 2019/20 Q2) or a Year "
                         "and a Quarter/Month column")
            return
        if layout == "wide" and not period_columns:
            self.problem(header, None, "no period columns (such as Q1, Q2 Actual or Jul-19) for a wide layout")
            return
        self.out.layouts[self.sheet.name] = layout
        if any(p.sheet == self.sheet.name for p in self.out.problems):
            return
        in_sheet: dict[str, int] = {}
        for r in range(header + 1, len(self.sheet.rows) + 1):
            row = self.sheet.rows[r - 1]
            if all(_blank(v) for v in row) or not self._wanted(row):
                continue
            self.out.rows_read += 1
            self.row(r, row, layout, period_columns, in_sheet)

    def _cell(self, row, heading_index):
        return row[heading_index] if heading_index < len(row) else None

    def _wanted(self, row) -> bool:
        for rules, keep in ((self.mapping.include, True), (self.mapping.exclude, False)):
            for heading, allowed in rules.items():
                i = next((j for j, h in enumerate(self.headings) if heading_key(h) == heading_key(heading)), None)
                if i is None:
                    continue
                hit = _text(self._cell(row, i)) in {str(a) for a in allowed}
                if hit != keep:
                    return False
        return True

    def get(self, row, f: str):
        """A field's cell in a row: the column, else the mapping's derivation; blank markers applied."""
        value = self._cell(row, self.by_field[f]) if f in self.by_field else None
        rule = self.mapping.derive.get(f)
        if rule and f not in self.by_field:
            if "value" in rule:
                value = rule["value"]
            else:
                i = next((j for j, h in enumerate(self.headings) if heading_key(h) == heading_key(rule["from"])), None)
                source = _text(self._cell(row, i)) if i is not None else None
                value = rule.get("map", {}).get(source, source if rule.get("keep_unmapped", True) else None)
        if isinstance(value, str) and value.strip() in {str(b) for b in self.mapping.blank.get(f, [])}:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and \
                _text(value) in {str(b) for b in self.mapping.blank.get(f, [])}:
            return None
        return value

    def where(self, f: str) -> str:
        if f in self.by_field:
            return str(self.headings[self.by_field[f]]).strip()
        return f"{f} (from the mapping)" if f in self.mapping.derive else f

    def row(self, r: int, row: list, layout: str, period_columns: list, in_sheet: dict) -> None:
        code = _text(self.get(row, "code"))
        if code is None:
            self.problem(r, self.where("code"), "the measure code is empty")
            return
        if layout in ("wide", "measures"):
            if code in in_sheet:
                self.problem(r, self.where("code"), f"measure {code} is listed twice in this sheet (first at "
                             f"row {in_sheet[code]})")
                return
            in_sheet[code] = r
        year = self.sheet_year
        if "year" in self.by_field or "year" in self.mapping.derive:
            year_cell = self.get(row, "year")
            year = cells.financial_year(_text(year_cell)) if not _blank(year_cell) else self.sheet_year
            if year is None and not ("period" in self.by_field and layout == "long"):
                target = self.out.skipped if self.mapping.skip_unparseable_periods else self.out.problems
                target.append(Problem(self.sheet.name, r, self.where("year"),
                                      "the year is empty" if _blank(year_cell) else
                                      f"{_text(year_cell)!r} is not a financial year such as 2019/20"))
                return
        figures = []
        if layout == "long":
            figures = self._long_figures(r, row, year)
            if figures is None:
                return
        elif layout == "wide":
            figures = self._wide_figures(r, row, year, period_columns)
            if figures is None:
                return
        if code in self.mapping.scale:
            figures = [(t, p, _scaled(cell, self.mapping.scale[code]), *rest) for t, p, cell, *rest in figures]
        self._measure(r, row, code, figures)
        period_column = self.where("period") if layout == "long" and "period" in self.by_field else None
        for table, period, value_cell, column, comment in figures:
            where = {"code": self.where("code"), "period": period_column or column}
            if table == "values":
                self.out.add("values", {"code": code, "period": period.label, "value": value_cell,
                                        "commentary": comment},
                             self.sheet.name, r, {**where, "value": column, "commentary": self.where("commentary")})
            else:
                self.out.add("targets", {"code": code, "period": period.label, "target": value_cell},
                             self.sheet.name, r, {**where, "target": column})

    def _period(self, r, cell, year, column) -> Period | None | bool:
        try:
            return cells.parse_period_cell(cell, year)
        except PeriodError as e:
            target = self.out.skipped if self.mapping.skip_unparseable_periods else self.out.problems
            target.append(Problem(self.sheet.name, r, column, str(e)))
            return None

    def _long_figures(self, r, row, year):
        period_cell = self.get(row, "period") if ("period" in self.by_field or "period" in self.mapping.derive) \
            else None
        if _blank(period_cell):
            period_cell = year if year is not None else None
        if period_cell is None:
            self.problem(r, self.where("period"), "the period is empty")
            return None
        period = self._period(r, period_cell, year, self.where("period"))
        if period is None:
            return None
        figures = []
        if "value" in self.by_field or "value" in self.mapping.derive:
            figures.append(("values", period, self.get(row, "value"), self.where("value"),
                            _text(self.get(row, "commentary"))))
        target = self.get(row, "target")
        if not _blank(target) and not cells.is_no_data(target):
            figures.append(("targets", period, target, self.where("target"), None))
        return figures

    def _wide_figures(self, r, row, year, period_columns):
        figures, single_target = [], self.get(row, "target")
        has_pair_targets = any(f[0] == "target" for _, f in period_columns)
        for i, (role, period, text) in period_columns:
            cell = self._cell(row, i)
            if _blank(cell) or (isinstance(cell, str) and cell.strip() in
                                {str(b) for b in self.mapping.blank.get(role, [])}):
                continue      # a blank future quarter is not a figure
            column = str(self.headings[i]).strip()
            if period is None:
                if year is None:
                    self.problem(r, column, f"{column!r} needs a financial year: add a Year column, name the "
                                 "sheet after the year (such as 2019-20) or give `year` in the mapping")
                    return None
                period = self._period(r, text, year, column)
                if period is None:
                    return None
            if role == "value":
                figures.append(("values", period, cell, column, None))
                if not has_pair_targets and not _blank(single_target) and not cells.is_no_data(single_target):
                    figures.append(("targets", period, single_target, self.where("target"), None))
            elif not cells.is_no_data(cell):
                figures.append(("targets", period, cell, column, None))
        comment = _text(self.get(row, "commentary"))
        value_rows = [f for f in figures if f[0] == "values"]
        if comment and value_rows:   # a row's commentary speaks for its latest figure
            latest = max(value_rows, key=lambda f: f[1].sort_key)
            figures[figures.index(latest)] = (*latest[:4], comment)
        return figures

    def _measure(self, r: int, row: list, code: str, figures: list) -> None:
        given = {f: _text(self.get(row, f)) for f in MEASURE_FIELDS
                 if f != "code" and (f in self.by_field or f in self.mapping.derive)}
        given = {f: v for f, v in given.items() if v is not None}
        if given.get("title"):
            title, polarity = _polarity_in_title(given["title"])
            given["title"] = title
            if polarity and "polarity" not in given:
                given["polarity"] = polarity
        for f in RULE_FIELDS:
            if f in given:
                given[f] = cells.rule_word(f, given[f])
        override = {f: str(v) for f, v in self.mapping.measures.get(code, {}).items()}
        if not given and not override and code in self.existing:
            return        # figures for a known measure: nothing about the measure itself to write
        previous = self.seen.get(code)
        if previous:
            prev_sheet, prev_row, prev_given = previous
            for f, v in given.items():
                if f in prev_given and prev_given[f] != v:
                    self.problem(r, self.where(f), f"measure {code} has {f} {v!r} here but {prev_given[f]!r} at "
                                 f"{prev_sheet} row {prev_row} (a measure has one {f})")
            return
        self.seen[code] = (self.sheet.name, r, given)
        inferred = _inferred(figures, bool(given.get("title")))
        measure = {"code": code}
        for f in MEASURE_FIELDS[1:]:
            for source in (override, given, self.existing.get(code, {}), self.mapping.defaults, inferred):
                v = source.get(f)
                if v not in (None, ""):
                    measure[f] = cells.rule_word(f, v) if f in RULE_FIELDS else v
                    break
        columns = {f: self.where(f) for f in given}
        columns["code"] = self.where("code")
        self.out.add("measures", measure, self.sheet.name, r, columns)


def _scaled(cell, factor: float):
    try:
        value, _ = cells.parse_value(cell)
    except ValueError:
        return cell          # left for the template check to report
    return cell if value is None else round(value * float(factor), 10)


_AIM = re.compile(r"\s*\(?\s*aim\s+to\s+(maximi[sz]e|minimi[sz]e)\s*\)?\s*", re.I)


def _polarity_in_title(title: str) -> tuple[str, str | None]:
    """Richmond's `Rent collected (aim to maximise)` -> (`Rent collected`, `higher`)."""
    m = _AIM.search(title)
    if not m:
        return title, None
    return (title[:m.start()] + " " + title[m.end():]).strip(), "higher" if m[1].lower().startswith("max") else "lower"


def _inferred(figures: list, _titled: bool) -> dict:
    """Defaults a file implies: the frequency of its periods; data only when it gives no target."""
    kinds = {p.kind for _, p, *_ in figures}
    frequency = {MONTH: "monthly", QUARTER: "quarterly", YEAR: "annual"}
    finest = next((k for k in (MONTH, QUARTER, YEAR) if k in kinds), None)
    out = {"rollup": "mean", "kind": "target" if any(t == "targets" for t, *_ in figures) else "data only",
           "tolerance_type": "percent"}
    typed = " ".join(str(cell) for t, _, cell, *_ in figures if t == "values" and isinstance(cell, str))
    unit = "%" if "%" in typed else "£" if "£" in typed else None
    if unit:
        out["unit"] = unit
    if finest:
        out["frequency"] = frequency[finest]
    return out


def convert(sheets: list[Sheet], mapping: Mapping | None = None, existing: dict[str, dict] | None = None) -> Converted:
    """Canonical tables from sheets of any recognised layout (not the canonical template itself)."""
    mapping = mapping or Mapping()
    out = Converted()
    seen: dict[str, tuple] = {}
    wanted = {s.lower() for s in mapping.sheets} if mapping.sheets else None
    for sheet in sheets:
        if wanted is not None and sheet.name.lower() not in wanted:
            continue
        if not sheet.rows:
            continue
        _SheetReader(sheet, mapping, existing or {}, out, seen).read()
    if not out.layouts and not out.problems:
        out.problems.append(Problem(sheets[0].name if sheets else "file", None, None,
                                    "no table recognised: expected a heading row with a code column such as "
                                    "`PI Code`, `Ref` or `KPI ID`, or a mapping naming the columns (see examples/)"))
    return out
