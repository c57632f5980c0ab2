"""Cells as councils type them: numbers with units, no-data markers, period labels and rule words.

`parse_value` extends `template.parse_number` (same results for what that accepts) with more no-data
markers and typographic variants; `parse_period_cell` extends `periods.parse_period` with Excel cells and
partial labels (`Q2`, `Jul`) completed by a financial year. Pure functions, no database.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from data.core.periods import MONTH, Period, PeriodError, parse_period
from data.imports.template import NO_DATA_WORDS, parse_number

# Markers that mean "no figure here"; the typed text is kept as the value's note.
NO_DATA_MARKERS = NO_DATA_WORDS | {"x", "..", ":", "*", "c", "n.a.", "n/k", "not known", "nk", "not due",
                                   "not yet available", "awaiting data", "to be confirmed", "pending",
                                   "na.", "#n/a", "none", "nil return"}
_SUPPRESSED = re.compile(r"^[<>]\s*\d+$")      # `<5`: a suppressed small number
_NO_DATA_PHRASE = re.compile(r"\b(not (yet )?(available|known|due|received|reported)|awaiting|to follow|tbc|tba)\b")
_DASHES = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u202f": " "})
_EXCEL_EPOCH = date(1899, 12, 30)
# Unit words councils type after a number (`44 secs`, `12 days`); anything else is text, not a number.
UNIT_WORDS = {"s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "hr", "hrs", "hour",
              "hours", "day", "days", "working days", "wk", "wks", "week", "weeks", "month", "months", "year",
              "years", "pts", "points", "p", "pence", "people", "households", "cases", "tonnes", "kg", "per cent",
              "percent", "pc"}
_SUFFIX = re.compile(r"[0-9.)%]\s*([a-z][a-z ]*)$")


def parse_value(cell) -> tuple[float | None, str | None]:
    """(value, note): `8.66%` -> (8.66, None); `tbc` -> (None, "tbc"); blank -> (None, None).

    Raises ValueError naming the text when it is neither a number nor a no-data marker.
    """
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None, None
    if isinstance(cell, str):
        text = " ".join(cell.translate(_DASHES).split())
        if text.lower() in NO_DATA_MARKERS or _SUPPRESSED.match(text) or _NO_DATA_PHRASE.search(text.lower()):
            return None, cell.strip()
        cell = text
        suffix = _SUFFIX.search(text.lower())
        if suffix and suffix[1].strip() not in UNIT_WORDS:
            raise ValueError(f"{text!r} is not a number (unknown unit {suffix[1].strip()!r})")
    value = parse_number(cell)
    return value, None if value is not None else (str(cell).strip() or None)


def parse_number_or_marker(cell) -> float | None:
    """`template.parse_number` that also takes every marker of NO_DATA_MARKERS (for `template.check`)."""
    return parse_value(cell)[0]


def is_no_data(cell) -> bool:
    try:
        return parse_value(cell)[0] is None
    except ValueError:
        return False


# periods -------------------------------------------------------------------------------------------
_QUARTER_ONLY = re.compile(r"^(?:q|qtr|quarter)\s*([1-4])$")
_MONTH_ONLY = re.compile(r"^([a-z]{3,9})\.?$")
_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                       "august", "september", "october", "november", "december"], 1)}


def _month_number(word: str) -> int | None:
    word = word.lower()
    if word == "sept":
        return 9
    for name, number in _MONTHS.items():
        if len(word) >= 3 and name.startswith(word):
            return number
    return None


def is_partial_period(text) -> bool:
    """True for `Q2` or `Jul`: a period that needs a financial year to be complete."""
    if not isinstance(text, str):
        return False
    t = " ".join(text.strip().lower().split())
    return bool(_QUARTER_ONLY.match(t) or (_MONTH_ONLY.match(t) and _month_number(t.rstrip(".")) is not None))


def parse_period_cell(cell, year: Period | None = None) -> Period:
    """A period from a cell: any `parse_period` label, an Excel date or serial number, or `Q2` / `Jul` / `July`
    completed by `year` (a financial year). Raises PeriodError naming the cell otherwise."""
    if isinstance(cell, Period):
        return cell
    if isinstance(cell, datetime):
        return Period.month(cell.year, cell.month)
    if isinstance(cell, date):
        return Period.month(cell.year, cell.month)
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        number = float(cell)
        if number.is_integer() and 1900 <= number <= 2200:
            raise PeriodError(f"{int(number)} is a calendar year, not a financial year: write {int(number)}/"
                              f"{(int(number) + 1) % 100:02d}")
        if 20_000 <= number <= 80_000:   # an Excel date serial (1954-2119) in a cell not formatted as date
            d = date.fromordinal(_EXCEL_EPOCH.toordinal() + int(number))
            return Period.month(d.year, d.month)
        raise PeriodError(f"{cell!r} is not a period")
    if not isinstance(cell, str) or not cell.strip():
        raise PeriodError("the period is empty")
    text = " ".join(cell.translate(_DASHES).strip().split())
    try:
        return parse_period(text)
    except PeriodError:
        pass
    lower = text.lower()
    if year is not None and year.kind == "year":
        q = _QUARTER_ONLY.match(lower)
        if q:
            return Period.quarter(year.fy, int(q[1]))
        m = _MONTH_ONLY.match(lower)
        if m and _month_number(m[1]):
            month = _month_number(m[1])
            return Period.month(year.fy if month >= 4 else year.fy + 1, month)
    if is_partial_period(text):
        raise PeriodError(f"{text!r} needs a financial year: add a Year column or name the sheet after the year")
    return parse_period(text)   # raises with the standard message


def financial_year(cell) -> Period | None:
    """The financial year in a cell or sheet name (`2019/20`, `2019-20`, `FY 2019-20`), else None."""
    if cell is None:
        return None
    text = str(cell).strip()
    for candidate in (text, re.sub(r"^(fy|year|financial year)\s*", "", text, flags=re.I)):
        try:
            p = parse_period_cell(candidate)
        except PeriodError:
            continue
        if p.kind == "year":
            return p
    return None


def month_of(period: Period) -> bool:
    return period.kind == MONTH


# rule words ----------------------------------------------------------------------------------------
def _norm(text) -> str:
    return " ".join(re.sub(r"[^a-z0-9/ ]+", " ", str(text).lower()).split())


WORDS = {
    "polarity": {
        "higher": ("higher", "high", "higher is better", "bigger is better", "more is better", "up", "increase",
                   "maximise", "maximize", "aim to maximise", "aim to maximize", "descending", "desc", "h", "+",
                   "larger is better", "greater is better"),
        "lower": ("lower", "low", "lower is better", "smaller is better", "less is better", "down", "decrease",
                  "minimise", "minimize", "aim to minimise", "aim to minimize", "ascending", "asc", "l", "-"),
        "none": ("none", "n/a", "na", "neither", "data only", "goldilocks", "no polarity", "not applicable"),
    },
    "frequency": {
        "monthly": ("monthly", "month", "m", "months"),
        "quarterly": ("quarterly", "quarter", "q", "quarters", "qtr"),
        "annual": ("annual", "annually", "year", "yearly", "a", "y", "years"),
    },
    "kind": {
        "target": ("target", "targeted", "performance", "performance indicator", "pi", "kpi"),
        "data only": ("data only", "data", "dataonly", "for info only", "info", "contextual", "context",
                      "monitor", "volumetric", "activity"),
    },
    "rollup": {
        "sum": ("sum", "total", "add", "summed", "count"),
        "mean": ("mean", "average", "avg", "averaged"),
        "latest": ("latest", "last", "snapshot", "cumulative", "ytd", "year to date", "point in time"),
    },
    "tolerance_type": {
        "percent": ("percent", "%", "percentage", "pct"),
        "absolute": ("absolute", "abs", "value", "points"),
    },
}
_WORD_LOOKUP = {field: {_norm(w) or w: canonical for canonical, words in table.items() for w in words}
                for field, table in WORDS.items()}


def rule_word(field: str, cell) -> str | None:
    """The canonical word for a rule column: rule_word("polarity", "Bigger is better") -> "higher".

    Returns the cell unchanged (stripped) when not recognised, so the template check reports it."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    text = str(cell).strip()
    table = _WORD_LOOKUP.get(field, {})
    return table.get(_norm(text) or text, table.get(text.lower(), text))
