"""Period cells as councils' sheets hold them: every `periods.parse_period` label, Excel dates and serial numbers,
partial labels (`Q2`, `Jul`, `Week 27`) completed by a year, calendar years (`2019`, said so: a calendar year is
shown against the financial year in which it ends) and pooled periods (`2018/19 - 22/23`, `2010-12` in a year
column), which are refused by name. Pure functions, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from data.core.periods import Period, PeriodError, fy_label, month_number, parse_date, parse_period

_EXCEL_EPOCH = date(1899, 12, 30)
_TYPOGRAPHY = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u202f": " "})
_QUARTER_ONLY = re.compile(r"^(?:q|qtr\.?|quarter)\s*([1-4])$")
_MONTH_ONLY = re.compile(r"^([a-z]{3,9})\.?$")
_WEEK_ONLY = re.compile(r"^(?:w|wk\.?|week)\s*(\d{1,2})$")
_CALENDAR = re.compile(r"^(?:calendar year|cy)\s*(\d{4})$|^(\d{4})\s*\(?calendar(?: year)?\)?$|"
                       r"^jan(?:uary)?\s*(?:(\d{4})\s*)?(?:-|to)\s*dec(?:ember)?\s*(\d{4})$")
_POOLED = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*(?:-|to|–)\s*(\d{2,4})\s*[/-]\s*(\d{2}|\d{4})$")
_YEAR_SPAN = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")


class PooledPeriod(PeriodError):
    """Several years pooled into one figure (`2010-12`, `2018/19 - 22/23`): not a period the dashboard holds."""


@dataclass(frozen=True)
class Year:
    """A year cell: a financial year, or a calendar year (`2019`)."""

    fy: Period | None = None
    calendar: int | None = None


def _text(cell) -> str:
    return " ".join(str(cell).translate(_TYPOGRAPHY).strip().split())


def calendar_note(year: int) -> str:
    return (f"{year} is read as the calendar year January to December {year} and shown against {fy_label(year)}, "
            "the financial year in which it ends")


def _pooled(text: str) -> str | None:
    m = _POOLED.match(text)
    if m:
        return f"{text!r} pools several years into one figure: import each year's figure instead"
    m = _YEAR_SPAN.match(text)
    if m:
        first, second = int(m[1]), int(m[2]) if len(m[2]) == 4 else int(m[1][:2] + m[2])
        if 2 <= second - first <= 10:
            return (f"{text!r} pools {second - first} years ({fy_label(first)} to {fy_label(second - 1)}) into one "
                    "figure: it is not a financial year")
    return None


def year_cell(cell) -> Year:
    """A Year column's cell: `2019/20`, `2019-20`, `FY 2019/20` (financial), `2019` (calendar).

    Raises PooledPeriod for `2010-12`-style pooled years and PeriodError for anything else."""
    if isinstance(cell, Period):
        return Year(fy=cell.widen("year"))
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and float(cell).is_integer() \
            and 1900 <= cell <= 2200:
        return Year(calendar=int(cell))
    text = _text(cell)
    if re.fullmatch(r"\d{4}", text) and 1900 <= int(text) <= 2200:
        return Year(calendar=int(text))
    pooled = _pooled(text.lower())
    if pooled:
        raise PooledPeriod(pooled)
    fy = financial_year(text)
    if fy is None:
        raise PeriodError(f"{text!r} is not a year such as 2019/20" if text else "the year is empty")
    return Year(fy=fy)


def financial_year(cell) -> Period | None:
    """The financial year in a cell or sheet name (`2019/20`, `2019-20`, `FY 2019-20`), else None."""
    if cell is None:
        return None
    text = _text(cell)
    for candidate in (text, re.sub(r"^(fy|year|financial year)\s*", "", text, flags=re.I)):
        try:
            p = parse_period(candidate)
        except PeriodError:
            continue
        if p.kind == "year":
            return p
    return None


def is_partial_period(text) -> bool:
    """True for `Q2`, `Jul` or `Week 27`: a period that needs a year to be complete."""
    if not isinstance(text, str):
        return False
    t = _text(text).lower()
    return bool(_QUARTER_ONLY.match(t) or _WEEK_ONLY.match(t) or (_MONTH_ONLY.match(t) and month_number(t)))


def read_date(cell) -> date | None:
    """The day a cell names, when it names one (an Excel date, `2019-07-01`, `01/07/2019`)."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    return parse_date(_text(cell)) if isinstance(cell, str) else None


def _complete(text: str, year: Year) -> Period | None:
    lower = text.lower()
    q, m, w = _QUARTER_ONLY.match(lower), _MONTH_ONLY.match(lower), _WEEK_ONLY.match(lower)
    month = month_number(m[1]) if m else None
    if year.fy is not None:
        if q:
            return Period.quarter(year.fy.fy, int(q[1]))
        if w:
            return Period("week", year.fy.fy, int(w[1]))
        if month:
            return Period.month(year.fy.fy if month >= 4 else year.fy.fy + 1, month)
    if year.calendar is not None:
        if month:
            return Period.month(year.calendar, month)
        if q or w:
            raise PeriodError(f"{text!r} with the calendar year {year.calendar} is ambiguous: give the financial "
                              f"year ({fy_label(year.calendar - 1)} or {fy_label(year.calendar)})")
    return None


def parse_period_cell(cell, year: Year | Period | None = None, notes: list[str] | None = None) -> Period:
    """A period from a cell: any `parse_period` label, an Excel date or serial number, a partial label completed
    by `year`, or a calendar year (a note added to `notes`). Raises PeriodError naming the cell otherwise."""
    if isinstance(year, Period):
        year = Year(fy=year)
    year = year or Year()
    if isinstance(cell, Period):
        return cell
    if isinstance(cell, (datetime, date)):
        return Period.month(cell.year, cell.month)
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        number = float(cell)
        if number.is_integer() and 1900 <= number <= 2200:
            return _calendar_year(int(number), notes)
        if 20_000 <= number <= 80_000:   # an Excel date serial (1954-2119) in a cell not formatted as date
            d = date.fromordinal(_EXCEL_EPOCH.toordinal() + int(number))
            return Period.month(d.year, d.month)
        raise PeriodError(f"{cell!r} is not a period")
    if not isinstance(cell, str) or not cell.strip():
        raise PeriodError("the period is empty")
    text = _text(cell)
    lower = text.lower()
    try:
        return parse_period(text)
    except PeriodError:
        pooled = _pooled(lower)
        if pooled:
            raise PooledPeriod(pooled) from None
    calendar = _CALENDAR.match(lower)
    if re.fullmatch(r"\d{4}", lower) or calendar:
        found = int(lower) if not calendar else int(next(g for g in calendar.groups() if g))
        return _calendar_year(found, notes)
    completed = _complete(text, year)
    if completed is not None:
        return completed
    if is_partial_period(text):
        raise PeriodError(f"{text!r} needs a year: add a Year column or name the sheet after the year")
    return parse_period(text)   # raises with the standard message


def _calendar_year(year: int, notes: list[str] | None) -> Period:
    if notes is not None and calendar_note(year) not in notes:
        notes.append(calendar_note(year))
    return Period.year(year)
