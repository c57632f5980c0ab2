"""The period labels councils write, read into `periods.Period`: financial years (`2019/20`, `2019-20`,
`FY2019/20`, `19/20`), quarters (`2019/20 Q2`, `Q2 2019/20`, `Q2 19/20`, `2019-20 Quarter 2`), months (`2019-07`,
`Jul-19`, `July 2019`, `07/2019`), weeks (`2019-W27`, `Week 27 2019`, `Week 27 2019/20`, `w/c 01/07/2019`) and days.
"""

from __future__ import annotations

import functools
import re
from datetime import date

from data.core.periods import MONTH_NAMES, WEEK, Period, PeriodError, month_number

_FY = r"(?P<fy>\d{4})\s*[/-]\s*(?P<fy2>\d{2}|\d{4})"
_SHORT = r"(?P<a>\d{2})\s*[/-]\s*(?P<b>\d{2})"
_Q = r"(?:q|qtr\.?\s*|quarter\s*)(?P<q>[1-4])"
_W = r"(?:w|wk\.?\s*|week\s*)(?P<w>\d{1,2})"
_PATTERNS = [
    ("year", re.compile(rf"^{_FY}$")),
    ("quarter", re.compile(rf"^{_FY}\s*,?\s*{_Q}$")),
    ("quarter", re.compile(rf"^{_Q}\s*,?\s*{_FY}$")),
    ("short_quarter", re.compile(rf"^{_Q}\s*,?\s*{_SHORT}$")),
    ("short_quarter", re.compile(rf"^{_SHORT}\s*,?\s*{_Q}$")),
    ("short_year", re.compile(rf"^{_SHORT}$")),
    ("fy_week", re.compile(rf"^{_FY}\s*,?\s*{_W}$")),
    ("fy_week", re.compile(rf"^{_W}\s*,?\s*{_FY}$")),
    ("iso_week", re.compile(r"^(?P<y>\d{4})\s*-?\s*w(?P<w>\d{1,2})(?:-?[1-7])?$")),
    ("iso_week", re.compile(rf"^{_W}\s*,?\s*(?P<y>\d{{4}})$")),
    ("week_of", re.compile(r"^(?:week (?:commencing|beginning|starting|ending|ended)|w/c|wc|w/b|wb|w/e|we)"
                           r"\s*:?\s*(?P<date>.+)$")),
    ("iso_month", re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})(?:-\d{1,2})?$")),
    ("name_month", re.compile(r"^(?P<name>[a-z]+)\.?[\s\-/]*(?P<y>\d{4}|\d{2})$")),
    ("numeric_month", re.compile(r"^(?P<m>\d{1,2})/(?P<y>\d{4})$")),
    ("date", re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$|^\d{1,2} [a-z]+\.? \d{4}$")),
]
_FY_PREFIX = re.compile(r"^(?:fy|financial year)\s*:?\s*")


def _start_year(m: re.Match) -> int | None:
    """2019 for `2019/20` or `2019-2020`; None when the second year does not follow the first."""
    start, end = int(m["fy"]), m["fy2"]
    expected = (start + 1) % 100 if len(end) == 2 else start + 1
    return start if int(end) == expected else None


def _short_start(m: re.Match) -> int | None:
    """2019 for `19/20`; None when the years do not follow each other."""
    a, b = int(m["a"]), int(m["b"])
    if (a + 1) % 100 != b:
        return None
    return 2000 + a if a < 70 else 1900 + a


def parse_day(text: str) -> date | None:
    """A day written `2019-07-01`, `01/07/2019` (day first, as in the UK) or `1 July 2019`; None otherwise."""
    text = " ".join(str(text).strip().lower().split())
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    parts = (int(m[1]), int(m[2]), int(m[3])) if m else None
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    parts = (int(m[3]), int(m[2]), int(m[1])) if m else parts
    m = re.fullmatch(r"(\d{1,2}) ([a-z]+)\.? (\d{4})", text)
    if m and month_number(m[2]):
        parts = (int(m[3]), month_number(m[2]), int(m[1]))
    try:
        return date(*parts) if parts else None
    except ValueError:
        return None


def _match(kind: str, m: re.Match) -> Period | None:
    if kind in ("year", "quarter", "fy_week"):
        fy = _start_year(m)
        if fy is None:
            return None
        return {"year": lambda: Period.year(fy), "quarter": lambda: Period.quarter(fy, int(m["q"])),
                "fy_week": lambda: Period(WEEK, fy, int(m["w"]))}[kind]()
    if kind in ("short_year", "short_quarter"):
        fy = _short_start(m)
        if fy is None:
            return None
        return Period.year(fy) if kind == "short_year" else Period.quarter(fy, int(m["q"]))
    if kind == "iso_week":
        return Period.iso_week(int(m["y"]), int(m["w"]))
    if kind == "week_of":
        d = parse_day(m["date"])
        return Period.week_of(d) if d else None
    if kind in ("iso_month", "numeric_month"):
        return Period.month(int(m["y"]), int(m["m"]))
    if kind == "name_month" and m["name"] in MONTH_NAMES:
        y = int(m["y"])
        return Period.month(y if y > 99 else 2000 + y, MONTH_NAMES[m["name"]])
    if kind == "date":
        d = parse_day(m[0])
        return Period.month(d.year, d.month) if d else None
    return None


def parse(label) -> Period:
    """Parse `2019/20`, `2019-20`, `FY2019/20`, `19/20`, `2019/20 Q2`, `Q2 2019/20`, `Q2 19/20`,
    `2019-20 Quarter 2`, `2019-07`, `Jul-19`, `July 2019`, `2019-W27`, `Week 27 2019`, `Week 27 2019/20`
    (the year's 27th week), `w/c 01/07/2019`, a `date` or a `Period`. Raises PeriodError otherwise."""
    if isinstance(label, Period):
        return label
    if isinstance(label, date):
        return Period.month(label.year, label.month)
    if not isinstance(label, str):
        raise PeriodError(f"{label!r} is not a period label")
    return _parse_text(label)


@functools.lru_cache(maxsize=8192)
def _parse_text(label: str) -> Period:
    """Labels repeat row after row (and Periods are immutable): each is parsed once."""
    text = " ".join(label.strip().lower().split())
    text = _FY_PREFIX.sub("", text)
    for kind, pattern in _PATTERNS:
        m = pattern.match(text)
        if m:
            found = _match(kind, m)
            if found is not None:
                return found
    raise PeriodError(f"{label!r} is not a period: use a financial year like 2019/20, "
                      "a quarter like 2019/20 Q2, a month like 2019-07 or a week like 2019-W27")
