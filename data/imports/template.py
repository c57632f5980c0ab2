"""The canonical import template: an .xlsx workbook with sheets `measures`, `targets` and `values`, or a folder
with `measures.csv`, `targets.csv` and `values.csv`. Reading and checking only; `store` does the writing.

Every problem is reported with its sheet, row and column; a file with any problem is refused whole.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from data.performance.assess import Frequency, Kind, Rollup
from data.core.periods import KINDS, Period, PeriodError, financial_year_of
from data.performance.status import Polarity, ToleranceType
from data.imports.store import MEASURE_FIELDS, Payload

SHEETS = {
    "measures": MEASURE_FIELDS,
    "targets": ("code", "period", "target"),
    "values": ("code", "period", "value", "commentary"),
}
REQUIRED = {
    "measures": ("code", "title", "directorate", "service", "polarity", "frequency", "kind", "rollup"),
    "targets": ("code", "period", "target"),
    "values": ("code", "period", "value"),
}
CHOICES = {"polarity": Polarity, "frequency": Frequency, "kind": Kind, "rollup": Rollup,
           "tolerance_type": ToleranceType}
NO_DATA_WORDS = {"", "-", "–", "n/a", "na", "tbc", "data not available", "not available", "no data"}
MAX_TEXT = 10_000
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.sheet + (f", row {self.row}" if self.row else "") + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ImportRefused(Exception):
    """The file was refused; nothing was written. `problems` says why, row by row."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# reading ------------------------------------------------------------------------------------------
def _normalise_heading(h) -> str:
    return re.sub(r"\s+", "_", str(h or "").strip().lower())


def read_tables(path: Path) -> dict[str, list[tuple[int, dict]]]:
    """{sheet: [(row number as the user sees it, {heading: cell})]} from an .xlsx file or a folder of CSVs."""
    path = Path(path)
    if path.is_dir():
        return {name: _read_csv(path / f"{name}.csv", name) for name in SHEETS if (path / f"{name}.csv").exists()}
    if path.suffix.lower() == ".csv":
        raise ImportRefused([Problem(path.name, None, None, "a single CSV is not the template: give the folder "
                                     "holding measures.csv, targets.csv and values.csv, or an .xlsx workbook")])
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportRefused([Problem(path.name, None, None, "file is larger than 50 MB")])
    return _read_xlsx(path)


def _read_csv(path: Path, sheet: str) -> list[tuple[int, dict]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
    except UnicodeDecodeError as e:
        raise ImportRefused([Problem(path.name, None, None, f"not UTF-8 text ({e.reason})")]) from None
    return _rows(rows, sheet)


def _read_xlsx(path: Path) -> dict[str, list[tuple[int, dict]]]:
    import zipfile

    from openpyxl import load_workbook
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as e:
        raise ImportRefused([Problem(path.name, None, None, f"not a readable .xlsx workbook ({e})")]) from None
    try:
        sheets = {ws.title.strip().lower(): ws for ws in wb.worksheets}
        return {name: _rows(list(sheets[name].iter_rows(values_only=True)), name) for name in SHEETS if name in sheets}
    finally:
        wb.close()


def _rows(rows: list, sheet: str) -> list[tuple[int, dict]]:
    if not rows:
        return []
    headings = [_normalise_heading(h) for h in rows[0]]
    out = []
    for n, row in enumerate(rows[1:], start=2):
        cells = {h: v for h, v in zip(headings, row) if h}
        if any(_blank(v) is False for v in cells.values()):
            out.append((n, cells))
    return [("headings", headings)] + out if headings else out


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and math.isnan(v))


# cell parsing -------------------------------------------------------------------------------------
def parse_number(cell) -> float | None:
    """`8.66%` -> 8.66, `£1,234,567` -> 1234567.0, `44 secs` -> 44.0; None for a blank or no-data word."""
    if isinstance(cell, bool):
        raise ValueError(f"{cell!r} is not a number")
    if isinstance(cell, (int, float)):
        if isinstance(cell, float) and (math.isnan(cell) or math.isinf(cell)):
            return None if math.isnan(cell) else _raise(f"{cell!r} is not a finite number")
        return float(cell)
    text = str(cell).strip()
    if text.lower() in NO_DATA_WORDS:
        return None
    m = re.fullmatch(r"\(?\s*(-)?\s*£?\s*(-)?\s*([0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)\s*\)?\s*(%|[a-z ]+)?",
                     text.lower())
    if not m or (m[3].count(",") and not re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?", m[3])):
        raise ValueError(f"{text!r} is not a number")
    value = float(m[3].replace(",", ""))
    accounting_negative = text.startswith("(") and text.endswith(")")   # (12) is -12 in finance sheets
    return -value if (m[1] or m[2] or accounting_negative) else value


def _raise(message: str):
    raise ValueError(message)


def _text(cell) -> str | None:
    if _blank(cell):
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _period(cell) -> Period:
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        cell = str(int(cell)) if float(cell).is_integer() else str(cell)
    return Period.parse(cell)


# checking -----------------------------------------------------------------------------------------
class _Checker:
    def __init__(self, tables: dict, known_codes: dict[str, str], today: date, number=parse_number):
        self.tables, self.known, self.today, self.number = tables, known_codes, today, number
        self.problems: list[Problem] = []
        self.payload = Payload()
        self.frequency: dict[str, Frequency] = {c: Frequency(f) for c, f in known_codes.items()}

    def problem(self, sheet, row, column, message):
        self.problems.append(Problem(sheet, row, column, message))

    def rows(self, sheet):
        rows = self.tables.get(sheet, [])
        if rows and rows[0][0] == "headings":
            headings = rows[0][1]
            for column in REQUIRED[sheet]:
                if column not in headings:
                    self.problem(sheet, 1, column, f"missing column `{column}`")
            unknown = [h for h in headings if h and h not in SHEETS[sheet]]
            for h in unknown:
                self.problem(sheet, 1, h, f"unknown column `{h}` (expected: {', '.join(SHEETS[sheet])})")
            if any(h not in SHEETS[sheet] for h in REQUIRED[sheet]) or unknown:
                return []
            dupes = {h for h in headings if h and headings.count(h) > 1}
            for h in dupes:
                self.problem(sheet, 1, h, f"column `{h}` appears twice")
            return rows[1:]
        return rows

    def check(self) -> Payload:
        if not self.tables:
            self.problem("workbook", None, None, "no `measures`, `targets` or `values` sheet found")
        self.measures()
        self.targets()
        self.values()
        return self.payload

    def measures(self):
        seen: dict[str, int] = {}
        for n, cells in self.rows("measures"):
            m, ok = {}, True
            for column in MEASURE_FIELDS:
                text = _text(cells.get(column))
                if column in REQUIRED["measures"] and text is None:
                    self.problem("measures", n, column, "is empty")
                    ok = False
                    continue
                if column in CHOICES and text is not None:
                    allowed = [c.value for c in CHOICES[column]]
                    if text.lower() not in allowed:
                        self.problem("measures", n, column, f"{text!r} is not one of {', '.join(allowed)}")
                        ok = False
                        continue
                    text = text.lower()
                m[column] = text
            ok &= self._numbers(m, n)
            code = m.get("code")
            if code in seen:
                self.problem("measures", n, "code", f"measure {code} is listed twice (first at row {seen[code]})")
                continue
            if code:
                seen[code] = n
            if ok:
                m["tolerance_type"] = m.get("tolerance_type") or "percent"
                self.payload.measures.append(m)
                self.frequency[code] = Frequency(m["frequency"])
            elif code:
                self.frequency.setdefault(code, None)

    def _numbers(self, m: dict, n: int) -> bool:
        ok = True
        for column, default in (("decimals", None), ("tolerance", 0.0)):  # no decimals: as the figures have
            try:
                value = parse_number(m.get(column)) if m.get(column) is not None else default
            except ValueError as e:
                self.problem("measures", n, column, str(e))
                ok = False
                continue
            if value is None and column == "decimals":
                m[column] = None
                continue
            if value is None or value < 0 or (column == "decimals" and (value != int(value) or value > 6)):
                self.problem("measures", n, column, f"{m.get(column)!r} must be a number of 0 or more"
                             + (" (a whole number up to 6)" if column == "decimals" else ""))
                ok = False
                continue
            m[column] = int(value) if column == "decimals" else float(value)
        limits = {"title": 300, "description": MAX_TEXT, "owner": 200, "directorate": 200, "service": 200,
                  "priority": 200, "unit": 40, "code": 40}
        for text_column, limit in limits.items():
            if m.get(text_column) and len(m[text_column]) > limit:
                self.problem("measures", n, text_column, f"is longer than {limit} characters")
                ok = False
        return ok

    def _code_and_period(self, sheet, n, cells):
        code = _text(cells.get("code"))
        if code is None:
            self.problem(sheet, n, "code", "is empty")
            return None, None
        if code not in self.frequency:
            self.problem(sheet, n, "code", f"unknown measure {code!r}: add it to the measures sheet")
            return None, None
        try:
            period = _period(cells.get("period"))
        except PeriodError as e:
            self.problem(sheet, n, "period", str(e))
            return code, None
        # Targets are set ahead (this year's and next year's); figures can only be for periods that have begun.
        if period.start > self.today and not (sheet == "targets" and period.fy <= financial_year_of(self.today) + 1):
            self.problem(sheet, n, "period", f"{period.label} is in the future")
            return code, None
        frequency = self.frequency[code]
        if frequency and KINDS.index(period.kind) > KINDS.index(frequency.period_kind):
            self.problem(sheet, n, "period", f"{period.label} is a {period.kind} but {code} is reported "
                         f"{frequency.value}")
            return code, None
        return code, period

    def targets(self):
        seen = {}
        for n, cells in self.rows("targets"):
            code, period = self._code_and_period("targets", n, cells)
            try:
                target = self.number(cells.get("target"))
            except ValueError as e:
                self.problem("targets", n, "target", str(e))
                continue
            if target is None:
                self.problem("targets", n, "target", "is empty")
                continue
            if code and period:
                if (code, period) in seen:
                    self.problem("targets", n, "period", f"{code} {period.label} already given at row {seen[code, period]}")
                    continue
                seen[code, period] = n
                self.payload.targets.append((code, period.label, target))

    def values(self):
        seen = {}
        for n, cells in self.rows("values"):
            code, period = self._code_and_period("values", n, cells)
            raw = cells.get("value")
            try:
                value = self.number(raw)
            except ValueError as e:
                self.problem("values", n, "value", str(e))
                continue
            note = None if value is not None or _blank(raw) else _text(raw)
            comment = _text(cells.get("commentary"))
            if comment and len(comment) > MAX_TEXT:
                self.problem("values", n, "commentary", f"is longer than {MAX_TEXT} characters")
                continue
            if code and period:
                if (code, period) in seen:
                    self.problem("values", n, "period", f"{code} {period.label} already given at row {seen[code, period]}")
                    continue
                seen[code, period] = n
                self.payload.values.append((code, period.label, value, note))
                if comment:
                    self.payload.commentary.append((code, period.label, None, comment, None))


def check(tables: dict, known_codes: dict[str, str] | None = None, today: date | None = None,
          number=parse_number) -> Payload:
    """A Payload from the template's tables, or ImportRefused listing every problem.

    `number` parses value and target cells (`values.parse_number_or_marker` takes more no-data markers)."""
    checker = _Checker(tables, known_codes or {}, today or date.today(), number)
    payload = checker.check()
    if checker.problems:
        raise ImportRefused(checker.problems)
    return payload


def write_empty_template(path: Path) -> None:
    """The canonical template with its headings and one example row per sheet, as an .xlsx workbook."""
    from openpyxl import Workbook
    examples = {
        "measures": ["HSG01", "Rent loss from empty homes (% of rent due)", "Void rent lost as a share of rent due",
                     "Housing and Communities", "Housing Management", "Homes for everyone", "Head of Housing",
                     "%", 2, "lower", "quarterly", "target", "mean", 0.05, "absolute"],
        "targets": ["HSG01", "2019/20", 0.75],
        "values": ["HSG01", "2019/20 Q2", 0.85, "Three long-term empty homes were let late in the quarter."],
    }
    wb = Workbook()
    wb.remove(wb.active)
    for name, headings in SHEETS.items():
        ws = wb.create_sheet(name)
        ws.append(list(headings))
        ws.append(examples[name])
    wb.properties.creator = "Council Performance Dashboard"
    wb.save(path)
