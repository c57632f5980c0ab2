"""UK financial-year calendar: April to March, labelled `2019/20`; Q1 = Apr-Jun ... Q4 = Jan-Mar.

A `Period` is a financial year (`2019/20`), a quarter of one (`2019/20 Q2`), a month (`2019-07`) or a week
(`2019-W27`, Monday to Sunday). A week belongs to the month, quarter and year that hold its Thursday (the ISO
rule), so weeks roll up into months without straddling two. Pure arithmetic: no pandas, no database.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import date, timedelta

YEAR, QUARTER, MONTH, WEEK = "year", "quarter", "month", "week"
KINDS = (YEAR, QUARTER, MONTH, WEEK)
MONTHS_IN = {YEAR: 12, QUARTER: 3, MONTH: 1, WEEK: 7 * 12 / 365.25}

# The one month-name table: full names, three-letter abbreviations and `sept`.
MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTH_NAMES.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTH_NAMES["sept"] = 9


def month_number(word: str) -> int | None:
    """7 for `July`, `jul`, `Jul.` or `sept`-style abbreviations of three letters or more; None otherwise."""
    word = str(word).strip().lower().rstrip(".")
    if word in MONTH_NAMES:
        return MONTH_NAMES[word]
    if len(word) >= 3:
        return next((n for name, n in MONTH_NAMES.items() if len(name) > 3 and name.startswith(word)), None)
    return None


class PeriodError(ValueError):
    """A label that is not a financial year, quarter, month or week."""


def financial_year_of(d: date) -> int:
    """Start year of the financial year holding a date: date(2025, 3, 31) -> 2024."""
    return d.year if d.month >= 4 else d.year - 1


def fy_label(start_year: int) -> str:
    """`2019` -> `2019/20`."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def _first_thursday(fy: int) -> date:
    april = date(fy, 4, 1)
    return april + timedelta(days=(3 - april.weekday()) % 7)


def weeks_in_year(fy: int) -> int:
    """52 or 53: the weeks whose Thursday falls in the financial year."""
    return (_first_thursday(fy + 1) - _first_thursday(fy)).days // 7


@dataclass(frozen=True)
class Period:
    """A financial year, quarter, month or week. `fy` is the start year (2019 for 2019/20).

    `index` is 0 for a year, 1-4 for a quarter, 1-12 for a month counted from April (April = 1), and 1-53 for
    a week counted from the first week of April.
    """

    kind: str
    fy: int
    index: int = 0

    def __post_init__(self):
        valid = {YEAR: range(0, 1), QUARTER: range(1, 5), MONTH: range(1, 13), WEEK: range(1, 54)}
        if self.kind not in valid or self.index not in valid[self.kind]:
            raise PeriodError(f"not a period: kind={self.kind!r} index={self.index!r}")
        if not 1900 <= self.fy <= 2200:
            raise PeriodError(f"financial year {self.fy} is out of range")
        if self.kind == WEEK and self.index > weeks_in_year(self.fy):
            raise PeriodError(f"{fy_label(self.fy)} has {weeks_in_year(self.fy)} weeks, not {self.index}")

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
    def week_of(cls, d: date) -> Period:
        """The Monday-to-Sunday week holding a date."""
        thursday = d + timedelta(days=3 - d.weekday())
        fy = financial_year_of(thursday)
        return cls(WEEK, fy, (thursday - _first_thursday(fy)).days // 7 + 1)

    @classmethod
    def iso_week(cls, iso_year: int, week: int) -> Period:
        """ISO week `2019-W27`."""
        try:
            return cls.week_of(date.fromisocalendar(iso_year, week, 1))
        except ValueError:
            raise PeriodError(f"{iso_year} has no week {week}") from None

    @classmethod
    def of_date(cls, d: date, kind: str = MONTH) -> Period:
        """The period of a kind that holds a date."""
        return cls.week_of(d) if kind == WEEK else cls.month(d.year, d.month).widen(kind)

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
        if self.kind == WEEK:
            iso = self.start.isocalendar()
            return f"{iso.year}-W{iso.week:02d}"
        return f"{self.calendar_year}-{self.calendar_month:02d}"

    @property
    def name(self) -> str:
        """Human name: `2019/20`, `2019/20 Q2 (Jul-Sep)`, `July 2019`, `Week of 1 Jul 2019`."""
        if self.kind == QUARTER:
            first, last = self.months()[0], self.months()[-1]
            return f"{self.label} ({calendar.month_abbr[first.calendar_month]}-{calendar.month_abbr[last.calendar_month]})"
        if self.kind == MONTH:
            return f"{calendar.month_name[self.calendar_month]} {self.calendar_year}"
        if self.kind == WEEK:
            return f"Week of {self.start.day} {calendar.month_abbr[self.start.month]} {self.start.year}"
        return self.label

    @functools.cached_property
    def start(self) -> date:
        """The first day: computed once per Period, as sorting and roll-ups ask for it constantly."""
        if self.kind == WEEK:
            return _first_thursday(self.fy) + timedelta(days=7 * (self.index - 1) - 3)
        month_index = {YEAR: 1, QUARTER: (self.index - 1) * 3 + 1, MONTH: self.index}[self.kind]
        calendar_month = (month_index + 2) % 12 + 1
        return date(self.fy + (1 if month_index >= 10 else 0), calendar_month, 1)

    @functools.cached_property
    def end(self) -> date:
        if self.kind == WEEK:
            return self.start + timedelta(days=6)
        last = self.months()[-1]
        return date(last.calendar_year, last.calendar_month,
                    calendar.monthrange(last.calendar_year, last.calendar_month)[1])

    @property
    def n_months(self) -> float:
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
        """The months a period spans, in order (a week: the month holding its Thursday)."""
        if self.kind in (MONTH, WEEK):
            return [self.widen(MONTH)]
        first = 1 if self.kind == YEAR else (self.index - 1) * 3 + 1
        return [Period(MONTH, self.fy, i) for i in range(first, first + int(self.n_months))]

    def quarters(self) -> list[Period]:
        """The quarters a year spans; a quarter is its own; a month or week has its quarter."""
        if self.kind == YEAR:
            return [Period(QUARTER, self.fy, q) for q in range(1, 5)]
        return [self.widen(QUARTER)]

    def weeks(self) -> list[Period]:
        """The weeks whose Thursday falls in the period, in order."""
        if self.kind == WEEK:
            return [self]
        thursday = self.start + timedelta(days=(3 - self.start.weekday()) % 7)
        out = []
        while thursday <= self.end:
            out.append(Period.week_of(thursday))
            thursday += timedelta(days=7)
        return out

    def widen(self, kind: str) -> Period:
        """The period of a coarser (or the same) kind that holds this one."""
        if KINDS.index(kind) > KINDS.index(self.kind):
            raise PeriodError(f"cannot widen a {self.kind} to a {kind}")
        if kind == YEAR:
            return Period(YEAR, self.fy)
        if self.kind == WEEK and kind != WEEK:
            thursday = self.start + timedelta(days=3)
            return Period.month(thursday.year, thursday.month).widen(kind)
        if kind == QUARTER and self.kind == MONTH:
            return Period(QUARTER, self.fy, (self.index - 1) // 3 + 1)
        return self

    def shift(self, n: int) -> Period:
        """n periods of the same kind later (earlier when negative)."""
        if self.kind == YEAR:
            return Period(YEAR, self.fy + n)
        if self.kind == WEEK:
            return Period.week_of(self.start + timedelta(days=7 * n))
        per_year = 4 if self.kind == QUARTER else 12
        fy, idx = divmod(self.fy * per_year + self.index - 1 + n, per_year)
        return Period(self.kind, fy, idx + 1)

    def previous(self) -> Period:
        return self.shift(-1)

    def same_period_last_year(self) -> Period:
        index = min(self.index, weeks_in_year(self.fy - 1)) if self.kind == WEEK else self.index
        return Period(self.kind, self.fy - 1, index)

    def ytd_span(self) -> list[Period]:
        """Periods of the same kind from the start of the financial year up to and including this one."""
        if self.kind == YEAR:
            return [self]
        return [Period(self.kind, self.fy, i) for i in range(1, self.index + 1)]

    def ytd_months(self) -> list[Period]:
        return list(dict.fromkeys(m for p in self.ytd_span() for m in p.months()))

    def is_year_end(self) -> bool:
        """True for the year, Q4, March and the year's last week: where annual measures are judged."""
        last = {YEAR: 0, QUARTER: 4, MONTH: 12, WEEK: weeks_in_year(self.fy)}[self.kind]
        return self.index == last

    def contains(self, other: Period) -> bool:
        if other.kind == WEEK and self.kind != WEEK:
            return other.widen(self.kind) == self
        return self.start <= other.start and other.end <= self.end


def parse_period(label) -> Period:
    """Parse a period label (see `period_forms` for every form accepted); raises PeriodError otherwise."""
    from data.core.period_forms import parse   # the forms build Periods: imported when first needed
    return parse(label)


def parse_date(text: str) -> date | None:
    """A day written `2019-07-01`, `01/07/2019` (day first, as in the UK) or `1 July 2019`; None otherwise."""
    from data.core.period_forms import parse_day
    return parse_day(text)


def quarters_between(first: Period, last: Period) -> list[Period]:
    """Every quarter from first to last inclusive."""
    out, p = [], first.widen(QUARTER) if first.kind in (MONTH, WEEK) else first
    last = last.widen(QUARTER) if last.kind in (MONTH, WEEK) else last
    while not last < p:
        out.append(p)
        p = p.shift(1)
    return out
