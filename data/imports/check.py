"""Check the canonical template's tables row by row and turn them into a `store.Payload`.

Every problem is reported with its sheet, row and column; a file with any problem is refused whole. Codes are
matched to stored measures ignoring case and invisible characters (`codes`); two spellings of one code in one
file are refused, both named.
"""

from __future__ import annotations

from datetime import date

from data.core.periods import KINDS, Period, PeriodError, financial_year_of
from data.imports import codes as code_rules
from data.imports import plan_check
from data.imports.limits import Budget
from data.imports.problems import ImportRefused, Problem
from data.imports.store import MEASURE_FIELDS, Payload
from data.imports.template import REQUIRED, SHEETS, blank, text
from data.imports.values import parse_number
from data.performance.assess import Frequency, Kind, Rollup
from data.performance.status import Polarity, ToleranceType

CHOICES = {"polarity": Polarity, "frequency": Frequency, "kind": Kind, "rollup": Rollup,
           "tolerance_type": ToleranceType}
MAX_TEXT = 10_000
CONTEXT_WORDS = {"": False, "no": False, "n": False, "false": False, "0": False, "yes": True, "y": True,
                 "true": True, "1": True, "context": True}
TARGET_YEARS_AHEAD = 10
TEXT_LIMITS = {"title": 300, "description": MAX_TEXT, "owner": 200, "directorate": 200, "service": 200,
               "priority": 200, "unit": 40, "code": 40}


def unknown_measure(code: str) -> str:
    return f"{code} is not a measure in this council: add it to the measures sheet or check the code"


def period_of(cell) -> Period:
    """A template period cell: a label, a date, or a number such as 2019 typed as text would be."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        cell = str(int(cell)) if float(cell).is_integer() else str(cell)
    return Period.parse(cell.date() if hasattr(cell, "date") and callable(cell.date) else cell)


class _Checker:
    def __init__(self, tables: dict, known: dict[str, str | None], today: date, budget: Budget,
                 plan: plan_check.Known | None = None):
        self.tables, self.today, self.budget, self.plan = tables, today, budget, plan or plan_check.Known()
        self.codes = code_rules.Codes(known)
        self.problems: list[Problem] = []
        self.payload = Payload()
        self.frequency: dict[str, Frequency | None] = {c: Frequency(f) if f else None for c, f in known.items()}
        self.unknown: dict[str, tuple[str, int, int]] = {}

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
            if any(h not in headings for h in REQUIRED[sheet]) or unknown:
                return []
            for h in {h for h in headings if h and headings.count(h) > 1}:
                self.problem(sheet, 1, h, f"column `{h}` appears twice")
            rows = rows[1:]
        for row in rows:
            self.budget.row(sheet)
            yield row

    def check(self) -> Payload:
        if not self.tables:
            self.problem("workbook", None, None, "no `measures`, `targets`, `values`, `objectives`, `actions`, "
                         "`milestones`, `risks` or `interventions` sheet found")
        self.measures()
        self.targets()
        self.values()
        plan_check.PlanChecker(self, self.plan).check()
        for code, (sheet, n, more) in self.unknown.items():
            extra = f" ({more} more row{'s' if more > 1 else ''} name it)" if more else ""
            self.problem(sheet, n, "code", unknown_measure(code) + extra)
        return self.payload

    def measures(self):
        seen: dict[str, tuple[str, int]] = {}
        for n, cells in self.rows("measures"):
            m, ok = {}, True
            for column in MEASURE_FIELDS:
                value = text(cells.get(column))
                if column in REQUIRED["measures"] and value is None:
                    self.problem("measures", n, column, "is empty")
                    ok = False
                    continue
                if column in CHOICES and value is not None:
                    allowed = [c.value for c in CHOICES[column]]
                    if value.lower() not in allowed:
                        self.problem("measures", n, column, f"{value!r} is not one of {', '.join(allowed)}")
                        ok = False
                        continue
                    value = value.lower()
                m[column] = value
            ok &= self._context(m, n)
            ok &= self._numbers(m, n)
            code = self._measure_code(m.get("code"), n, seen)
            if code is None:
                continue
            m["code"] = code
            if ok:
                m["tolerance_type"] = m.get("tolerance_type") or "percent"
                self.payload.measures.append(m)
                self.frequency[code] = Frequency(m["frequency"])
            else:
                self.frequency.setdefault(code, None)

    def _context(self, m: dict, n: int) -> bool:
        """`context`: yes for a context indicator (shown apart, never counted); blank or no otherwise."""
        value = (m.get("context") or "").strip().lower()
        if value not in CONTEXT_WORDS:
            self.problem("measures", n, "context", f"{m.get('context')!r} is not yes or no")
            return False
        m["context"] = CONTEXT_WORDS[value]
        return True

    def _measure_code(self, typed, n, seen) -> str | None:
        if typed is None:
            return None
        try:
            code = self.codes.resolve(typed)
        except ValueError as e:
            self.problem("measures", n, "code", str(e))
            return None
        key = code_rules.key(code)
        if key in seen:
            first, row = seen[key]
            same = first == typed
            self.problem("measures", n, "code", f"measure {code} is listed twice (first at row {row})" if same else
                         f"measure codes {code_rules.shown(typed)} (row {n}) and {code_rules.shown(first)} (row {row})"
                         " differ only by case or invisible characters: one measure has one code")
            return None
        seen[key] = (typed, n)
        if key not in self.codes.by_key:
            self.codes.add(code)
        return code

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
        for column, limit in TEXT_LIMITS.items():
            if m.get(column) and len(m[column]) > limit:
                self.problem("measures", n, column, f"is longer than {limit} characters")
                ok = False
        return ok

    def _code_and_period(self, sheet, n, cells):
        typed = text(cells.get("code"))
        if typed is None:
            self.problem(sheet, n, "code", "is empty")
            return None, None
        try:
            code = self.codes.resolve(typed)
        except ValueError as e:
            self.problem(sheet, n, "code", str(e))
            return None, None
        if code not in self.frequency:
            first = self.unknown.setdefault(code, (sheet, n, 0))
            if (first[0], first[1]) != (sheet, n):
                self.unknown[code] = (first[0], first[1], first[2] + 1)
            return None, None
        try:
            period = period_of(cells.get("period"))
        except PeriodError as e:
            self.problem(sheet, n, "period", str(e))
            return code, None
        return code, self._when(sheet, n, code, period)

    def _when(self, sheet, n, code, period: Period) -> Period | None:
        # Figures can only be for periods that have begun; targets are set ahead, within reason.
        if period.start > self.today:
            if sheet != "targets":
                self.problem(sheet, n, "period", f"{period.label} is in the future")
                return None
            if period.fy > financial_year_of(self.today) + TARGET_YEARS_AHEAD:
                self.problem(sheet, n, "period", f"{period.label} is more than {TARGET_YEARS_AHEAD} years ahead: "
                             "check the year")
                return None
        frequency = self.frequency[code]
        if frequency and KINDS.index(period.kind) > KINDS.index(frequency.period_kind):
            self.problem(sheet, n, "period", f"{period.label} is a {period.kind} but {code} is reported "
                         f"{frequency.value}")
            return None
        return period

    def _figure(self, sheet, n, cells, column):
        code, period = self._code_and_period(sheet, n, cells)
        try:
            return code, period, parse_number(cells.get(column)), None
        except ValueError as e:
            self.problem(sheet, n, column, str(e))
            return code, period, None, e

    def targets(self):
        seen = {}
        for n, cells in self.rows("targets"):
            code, period, target, error = self._figure("targets", n, cells, "target")
            if error:
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
            code, period, value, error = self._figure("values", n, cells, "value")
            if error:
                continue
            raw = cells.get("value")
            note = None if value is not None or blank(raw) else text(raw)
            comment = text(cells.get("commentary"))
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


def check(tables: dict, known: dict[str, str | None] | None = None, today: date | None = None,
          budget: Budget | None = None, plan: plan_check.Known | None = None) -> Payload:
    """A Payload from the template's tables, or ImportRefused listing every problem.

    `known`: {stored code: its frequency (or None)}: the measures a file may give figures for without listing them."""
    checker = _Checker(tables, known or {}, today or date.today(), budget or Budget("file"), plan)
    payload = checker.check()
    if checker.problems:
        raise ImportRefused(checker.problems)
    return payload
