"""Numbers as a council report prints them: `8.66%`, `£1,234,567`, `44 secs`, `1,234`.

Never fewer decimals than the figures have, unless the council set the measure's `decimals`: 3.1 is `3.1`, not `3`.
"""

from __future__ import annotations

import math

PREFIX_UNITS = {"£": "£"}
SUFFIX_UNITS = {"%": "%"}
PLAIN_UNITS = {"", "count", "number", None}
MAX_DECIMALS = 6  # past this a stored float is binary noise (0.1 + 0.2), not a decimal the council typed


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def decimals_of(value) -> int:
    """Decimal places a figure has: 3.1 -> 1, 6.0 -> 0, 0.1 + 0.2 -> 1, 8.665 -> 3 (at most MAX_DECIMALS)."""
    text = f"{abs(float(value)):.{MAX_DECIMALS}f}".rstrip("0")
    return len(text) - text.index(".") - 1


def shown_decimals(decimals, *figures: dict) -> int:
    """The decimals to show a measure with: the council's when set (`decimals` not None), otherwise as many as the
    most precise of its stored figures (dicts of period -> value, e.g. its values and targets), so that 6.1, 6.0, 5.3
    read `6.1, 6.0, 5.3`, never `6, 6, 5`."""
    if not _missing(decimals):
        return int(decimals)
    return max((decimals_of(v) for f in figures for v in f.values() if not _missing(v)), default=0)


def format_value(value, unit: str | None = None, decimals: int | None = 0) -> str:
    """A value with its unit and decimals (None or NaN: as many as the value has); an en dash when there is none."""
    if _missing(value):
        return "–"
    decimals = decimals_of(value) if _missing(decimals) else int(decimals)
    number = f"{abs(value):,.{decimals}f}"
    sign = "-" if value < 0 and float(number.replace(",", "")) != 0 else ""
    if unit in PREFIX_UNITS:
        return f"{sign}{PREFIX_UNITS[unit]}{number}"
    if unit in SUFFIX_UNITS:
        return f"{sign}{number}{SUFFIX_UNITS[unit]}"
    if unit in PLAIN_UNITS:
        return f"{sign}{number}"
    return f"{sign}{number} {unit}"
