"""The one number parser: cells as councils type them, for imports and data entry alike.

`8.66%`, `£1,234,567`, `1,234`, `44 secs`, `(12)` (a negative in finance sheets), `−5`, `1.2e-05`; blank and the
no-data markers (`-`, `n/a`, `tbc`, `<5`, `data not yet available` ...) are "no figure", with the typed text kept as
a note. Non-finite and absurd magnitudes (`NaN`, `1e400`, a 400-digit integer) are refused: one such value once
stored took every page down. Pure functions, no database.
"""

from __future__ import annotations

import math
import re

from data.core.loaders import MAX_MAGNITUDE  # above it a figure is a typing or export error

NO_DATA_MARKERS = {"-", "–", "—", "n/a", "na", "na.", "n.a.", "tbc", "tba", "data not available", "not available",
                   "no data", "x", "..", ":", "*", "c", "n/k", "nk", "not known", "not due", "not yet available",
                   "awaiting data", "to be confirmed", "pending", "#n/a", "none", "nil return"}
_SUPPRESSED = re.compile(r"^[<>]\s*\d+$")      # `<5`: a suppressed small number
_NO_DATA_PHRASE = re.compile(r"\b(not (yet )?(available|known|due|received|reported)|awaiting|to follow|tbc|tba)\b")
_TYPOGRAPHY = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u202f": " "})
# Unit words councils type after a number (`44 secs`, `12 days`); anything else is text, not a number.
UNIT_WORDS = {"s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "hr", "hrs", "hour",
              "hours", "day", "days", "working days", "wk", "wks", "week", "weeks", "month", "months", "year",
              "years", "pts", "points", "p", "pence", "people", "households", "cases", "tonnes", "kg", "per cent",
              "percent", "pc"}
_NUMBER = re.compile(r"\(?\s*(-)?\s*£?\s*(-)?\s*([0-9][0-9,]*(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?|\.[0-9]+)\s*\)?\s*"
                     r"(%|[a-z][a-z ]*)?")
_GROUPED = re.compile(r"[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?(e[+-]?[0-9]+)?")


def _checked(value: float, shown) -> float:
    if math.isnan(value):
        raise ValueError(f"{_short(shown)} is not a finite number")
    if abs(value) > MAX_MAGNITUDE:
        raise ValueError(f"{_short(shown)} is too large to be a figure (more than {MAX_MAGNITUDE:,.0f})")
    return value


def _short(shown) -> str:
    text = str(shown)
    return repr(text if len(text) <= 24 else f"{text[:10]}…{text[-6:]} ({len(text)} characters)")


def parse_value(cell) -> tuple[float | None, str | None]:
    """(value, note): `8.66%` -> (8.66, None); `tbc` -> (None, "tbc"); blank -> (None, None).

    Raises ValueError naming the text when it is neither a number nor a no-data marker."""
    if cell is None:
        return None, None
    if isinstance(cell, bool):
        raise ValueError(f"{cell!r} is not a number")
    if isinstance(cell, (int, float)):
        try:
            return _checked(float(cell), cell), None
        except OverflowError:
            raise ValueError(f"{_short(cell)} is too large to be a figure") from None
    text = " ".join(str(cell).translate(_TYPOGRAPHY).split())
    if not text:
        return None, None
    lower = text.lower()
    if lower in NO_DATA_MARKERS or _SUPPRESSED.match(text) or _NO_DATA_PHRASE.search(lower):
        return None, str(cell).strip()
    m = _NUMBER.fullmatch(lower)
    if not m or (m[3].count(",") and not _GROUPED.fullmatch(m[3])):
        raise ValueError(f"{_short(text)} is not a number")
    if m[4] and m[4] != "%" and m[4].strip() not in UNIT_WORDS:
        raise ValueError(f"{_short(text)} is not a number (unknown unit {m[4].strip()!r})")
    value = _checked(float(m[3].replace(",", "")), text)
    accounting_negative = text.startswith("(") and text.endswith(")")   # (12) is -12 in finance sheets
    return (-value if (m[1] or m[2] or accounting_negative) else value), None


def parse_number(cell) -> float | None:
    """The number in a cell, None for a blank or no-data marker; raises ValueError otherwise."""
    return parse_value(cell)[0]


def is_no_data(cell) -> bool:
    try:
        return parse_value(cell)[0] is None
    except ValueError:
        return False


def decimals_of(cell) -> int:
    """Decimal places as typed: `8.66%` -> 2, `1,234` -> 0 (numbers from a workbook: their shortest form)."""
    text = cell if isinstance(cell, str) else repr(float(cell)) if isinstance(cell, (int, float)) else ""
    m = re.search(r"\.([0-9]+)(?![0-9])", text.replace(",", ""))
    digits = m[1].rstrip("0") if m and not isinstance(cell, str) else (m[1] if m else "")
    return len(digits) if "e" not in text.lower() else 0
