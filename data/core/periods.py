"""UK financial-year calendar: April to March, labelled `2019/20`; Q1 = Apr-Jun ... Q4 = Jan-Mar.

A `Period` is a financial year (`2019/20`), a quarter of one (`2019/20 Q2`) or a month (`2019-07`).
It is pure arithmetic: no pandas, no database.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

YEAR, QUARTER, MONTH = "year", "quarter", "month"
KINDS = (YEAR, QUARTER, MONTH)
MONTHS_IN = {YEAR: 12, QUARTER: 3, MONTH: 1}

_MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH_NAMES["sept"] = 9


class PeriodError(ValueError):
    """A label that is not a financial year, quarter or month."""


def financial_year_of(d: date) -> int:
    """Start year of the financial year holding a date: date(2025, 3, 31) -> 2024."""
    return d.year if d.month >= 4 else d.year - 1


def fy_label(start_year: int) -> str:
    """`2019` -> `2019/20`."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


@dataclass(frozen=True)
class Period:
    """A financial year, quarter or month. `fy` is the start year (2019 for 2019/20).

    `index` is 0 for a year, 1-4 for a quarter, and 1-12 for a month counted from April (April = 1).
    """

    kind: str
    fy: int
    index: int = 0

    def __post_init__(self):
        valid = {YEAR: range(0, 1), QUARTER: range(1, 5), MONTH: range(1, 13)}
        if self.kind not in valid or self.index not in valid[self.kind]:
            raise PeriodError(f"not a period: kind={self.kind!r} index={self.index!r}")
        if not 1900 <= self.fy <= 2200:
            raise PeriodError(f"financial year {self.fy} is out of range")

    # construction -----------------------------------------------------------------------------
    @classmethod
    def year(cls, fy: int) -> Period:
        return cls(YEAR, fy)

    @classmethod
    def quarter(cls, fy: int, q: int) -> Period:
        return cls(QUARTER, fy, q)

    @classmethod
    def month(cls, calendar_year: int, calendar_month: int) -> Period:
        """The month of a calendar date: Period.month(2019, 7) is `2019-07` (FY 2019/20, month 4)."""
        if not 1 <= calendar_month <= 12:
            raise PeriodError(f"month {calendar_month} is not 1-12")
        fy = calendar_year if calendar_month >= 4 else calendar_year - 1
        return cls(MONTH, fy, (calendar_month - 4) % 12 + 1)

    @classmethod
    def of_date(cls, d: date, kind: str = MONTH) -> Period:
        """The period of a kind that holds a date."""
        return cls.month(d.year, d.month).widen(kind)

    @classmethod
    def parse(cls, label) -> Period:
        """Parse a period label; see `parse_period` for the accepted forms."""
        return parse_period(label)

    # properties -------------------------------------------------------------------------------
    @property
    def calendar_year(self) -> int:
        """Calendar year of a month (Jan-Mar belong to the second year of the financial year)."""
        return self.fy + (1 if self.kind == MONTH and self.index >= 10 else 0)

    @property
    def calendar_month(self) -> int:
        return (self.index + 2) % 12 + 1

    @property
    def label(self) -> str:
        if self.kind == YEAR:
            return fy_label(self.fy)
        if self.kind == QUARTER:
            return f"{fy_label(self.fy)} Q{self.index}"
        return f"{self.calendar_year}-{self.calendar_month:02d}"

    @property
    def name(self) -> str:
        """Human name: `2019/20`, `2019/20 Q2 (Jul-Sep)`, `July 2019`."""
        if self.kind == QUARTER:
            first, last = self.months()[0], self.months()[-1]
            return f"{self.label} ({calendar.month_abbr[first.calendar_month]}-{calendar.month_abbr[last.calendar_month]})"
        if self.kind == MONTH:
            return f"{calendar.month_name[self.calendar_month]} {self.calendar_year}"
        return self.label

    @functools.cached_property
    def start(self) -> date:
        """The first day: computed once per Period, as sorting and roll-ups ask for it constantly."""
        month_index = {YEAR: 1, QUARTER: (self.index - 1) * 3 + 1, MONTH: self.index}[self.kind]
        calendar_month = (month_index + 2) % 12 + 1
        return date(self.fy + (1 if month_index >= 10 else 0), calendar_month, 1)

    @functools.cached_property
    def end(self) -> date:
        last = self.months()[-1]
        return date(last.calendar_year, last.calendar_month,
                    calendar.monthrange(last.calendar_year, last.calendar_month)[1])

    @property
    def n_months(self) -> int:
        return MONTHS_IN[self.kind]

    @functools.cached_property
    def sort_key(self) -> tuple:
        """Chronological by start, then coarser periods first."""
        return (self.start, KINDS.index(self.kind))

    def __lt__(self, other: Period) -> bool:
        return self.sort_key < other.sort_key

    def __str__(self) -> str:
        return self.label

    # arithmetic -------------------------------------------------------------------------------
    def months(self) -> list[Period]:
        """The months a period spans, in order."""
        if self.kind == MONTH:
            return [self]
        first = 1 if self.kind == YEAR else (self.index - 1) * 3 + 1
        return [Period(MONTH, self.fy, i) for i in range(first, first + self.n_months)]

    def quarters(self) -> list[Period]:
        """The quarters a year spans; a quarter is its own; a month has its quarter."""
        if self.kind == YEAR:
            return [Period(QUARTER, self.fy, q) for q in range(1, 5)]
        return [self.widen(QUARTER)]

    def widen(self, kind: str) -> Period:
        """The period of a coarser (or the same) kind that holds this one."""
        if KINDS.index(kind) > KINDS.index(self.kind):
            raise PeriodError(f"cannot widen a {self.kind} to a {kind}")
        if kind == YEAR:
            return Period(YEAR, self.fy)
        if kind == QUARTER and self.kind == MONTH:
            return Period(QUARTER, self.fy, (self.index - 1) // 3 + 1)
        return self

    def shift(self, n: int) -> Period:
        """n periods of the same kind later (earlier when negative)."""
        if self.kind == YEAR:
            return Period(YEAR, self.fy + n)
        per_year = 4 if self.kind == QUARTER else 12
        fy, idx = divmod(self.fy * per_year + self.index - 1 + n, per_year)
        return Period(self.kind, fy, idx + 1)

    def previous(self) -> Period:
        return self.shift(-1)

    def same_period_last_year(self) -> Period:
        return Period(self.kind, self.fy - 1, self.index)

    def ytd_span(self) -> list[Period]:
        """Periods of the same kind from the start of the financial year up to and including this one."""
        if self.kind == YEAR:
            return [self]
        return [Period(self.kind, self.fy, i) for i in range(1, self.index + 1)]

    def ytd_months(self) -> list[Period]:
        return [m for p in self.ytd_span() for m in p.months()]

    def is_year_end(self) -> bool:
        """True for the year, Q4 and March: where annual measures are judged."""
        return self.kind == YEAR or (self.kind == QUARTER and self.index == 4) or (
            self.kind == MONTH and self.index == 12)

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end


# parsing ------------------------------------------------------------------------------------------
_FY = r"(?P<fy>\d{4})\s*[/-]\s*(?P<fy2>\d{2}|\d{4})"
_Q = r"(?:q|quarter\s*)(?P<q>[1-4])"
_PATTERNS = [
    ("year", re.compile(rf"^{_FY}$")),
    ("quarter", re.compile(rf"^{_FY}\s*,?\s*{_Q}$")),
    ("quarter", re.compile(rf"^{_Q}\s*,?\s*{_FY}$")),
    ("short_year", re.compile(r"^(?P<a>\d{2})/(?P<b>\d{2})$")),
    ("iso_month", re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})(?:-\d{1,2})?$")),
    ("name_month", re.compile(r"^(?P<name>[a-z]+)[\s\-/]*(?P<y>\d{4}|\d{2})$")),
]


def _start_year(m: re.Match) -> int | None:
    """2019 for `2019/20` or `2019-2020`; None when the second year does not follow the first."""
    start, end = int(m["fy"]), m["fy2"]
    expected = (start + 1) % 100 if len(end) == 2 else start + 1
    return start if int(end) == expected else None


def parse_period(label) -> Period:
    """Parse `2019/20`, `2019-20`, `2019/20 Q2`, `Q2 2019/20`, `2019-20 Quarter 2`, `2019-07`, `Jul-19`,
    `July 2019`, a `date` or a `Period`. Raises PeriodError naming the label otherwise."""
    if isinstance(label, Period):
        return label
    if isinstance(label, date):
        return Period.month(label.year, label.month)
    if not isinstance(label, str):
        raise PeriodError(f"{label!r} is not a period label")
    text = " ".join(label.strip().lower().split())
    for kind, pattern in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        if kind in ("year", "quarter") and _start_year(m) is None:
            continue
        if kind == "year":
            return Period.year(_start_year(m))
        if kind == "quarter":
            return Period.quarter(_start_year(m), int(m["q"]))
        if kind == "short_year":
            a, b = int(m["a"]), int(m["b"])
            if (a + 1) % 100 != b:
                continue
            return Period.year(2000 + a if a < 70 else 1900 + a)
        if kind == "iso_month":
            return Period.month(int(m["y"]), int(m["m"]))
        if kind == "name_month" and m["name"] in _MONTH_NAMES:
            y = int(m["y"])
            return Period.month(y if y > 99 else 2000 + y, _MONTH_NAMES[m["name"]])
    raise PeriodError(f"{label!r} is not a period: use a financial year like 2019/20, "
                      "a quarter like 2019/20 Q2, or a month like 2019-07")


def quarters_between(first: Period, last: Period) -> list[Period]:
    """Every quarter from first to last inclusive."""
    out, p = [], first.widen(QUARTER) if first.kind == MONTH else first
    last = last.widen(QUARTER) if last.kind == MONTH else last
    while not last < p:
        out.append(p)
        p = p.shift(1)
    return out
