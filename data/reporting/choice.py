"""Which period a page opens on, what it offers, and what it must say about it. Pure: `today` is passed in.

A page opens on the latest quarter that has *ended* and holds figures, never on one still in progress (its figures
would be few and its year to date short); a later quarter in progress is offered, and said so, not chosen. A year
still under way is offered as `2026/27 to date`, judged year to date through its latest ended quarter, never as a
full year against the year-end target.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date

from data.core.periods import QUARTER, YEAR, Period, PeriodError


def ended(period: Period, today: date) -> bool:
    """A period has ended once its last day is past: 2026/27 Q2 has ended on 1 October 2026."""
    return period.end < today


def default_period(available: list[Period], today: date) -> Period | None:
    """The latest ended quarter holding figures (`available` newest first, as loaders.periods_with_data gives);
    failing that the latest ended year (annual figures only); failing that the latest quarter, in progress."""
    quarters = [p for p in available if p.kind == QUARTER]
    years = [p for p in available if p.kind == YEAR]
    return (next((q for q in quarters if ended(q, today)), None) or next((y for y in years if ended(y, today)), None)
            or next(iter(quarters), None))


def to_date_through(year: Period, available: list[Period], today: date) -> Period | None:
    """For a year still under way, the latest of its ended quarters holding figures (None if it has none yet)."""
    return next((q for q in available if q.kind == QUARTER and q.fy == year.fy and ended(q, today)), None)


def _span(year: Period, through: Period) -> str:
    return f"{calendar.month_abbr[year.start.month]}-{calendar.month_abbr[through.end.month]}"


@dataclass(frozen=True)
class Choice:
    """The period a page shows. `through`: a year under way, judged to date through that quarter. `later`: when
    this is the default, the later quarters still in progress that hold figures (the page offers them)."""

    period: Period
    through: Period | None = None
    in_progress: bool = False
    later: tuple[Period, ...] = ()

    @property
    def label(self) -> str:
        """As the URL carries it: `2026/27 Q2`, `2026/27`."""
        return self.period.label

    @property
    def judged(self) -> Period:
        """The period the figures are assessed at: the quarter a year to date runs to, else the period itself."""
        return self.through or self.period

    @property
    def name(self) -> str:
        """`2026/27 Q2 (Jul-Sep)`, `2026/27 Q3 (Oct-Dec) so far`, `2026/27 to date (Apr-Sep)`, `2025/26 (full year)`."""
        if self.through is not None:
            return f"{self.period.label} to date ({_span(self.period, self.through)})"
        if self.period.kind == YEAR:
            return f"{self.period.label} (full year)"
        return self.period.name + (" so far" if self.in_progress else "")


def of(period: Period, available: list[Period], today: date) -> Choice:
    """The Choice for a period named outright (the command line): a year under way is judged to date, and is
    refused (ValueError) before any of its quarters has ended."""
    if period.kind == YEAR and not ended(period, today):
        through = to_date_through(period, available, today)
        if through is None:
            state = "has not started" if today < period.start else "is under way and none of its quarters with " \
                                                                    "figures has ended yet"
            raise ValueError(f"{period.label} {state}: ask for a quarter")
        return Choice(period, through)
    return Choice(period, in_progress=not ended(period, today))


def choose(label: str | None, available: list[Period], today: date) -> Choice | None:
    """The period asked for when it is offered (see `options`), else the default; None when nothing holds figures."""
    default = default_period(available, today)
    try:
        asked = Period.parse(label) if label else None
    except PeriodError:
        asked = None
    period = asked if asked in available and _offered(asked, available, today) else default
    if period is None:
        return None
    later = tuple(sorted(p for p in available if p.kind == QUARTER and period < p and not ended(p, today)))
    return replace(of(period, available, today), later=later if period == default else ())


def _offered(period: Period, available: list[Period], today: date) -> bool:
    """Quarters and ended years always; a year under way only once one of its quarters has ended."""
    if period.kind == QUARTER:
        return True
    return period.kind == YEAR and (ended(period, today) or to_date_through(period, available, today) is not None)


def options(available: list[Period], today: date) -> list[dict]:
    """The Period select's choices, newest first: quarters (those in progress marked `so far`), ended years as
    `(full year)`, a year under way as `to date (Apr-Sep)`."""
    out = []
    for p in available:
        if p.kind in (QUARTER, YEAR) and _offered(p, available, today):
            choice = choose(p.label, available, today)
            out.append({"label": choice.name, "value": p.label})
    return out
