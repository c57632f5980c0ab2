"""Numbers as a council report prints them: `8.66%`, `£1,234,567`, `44 secs`, `1,234`."""

from __future__ import annotations

import math

PREFIX_UNITS = {"£": "£"}
SUFFIX_UNITS = {"%": "%"}
PLAIN_UNITS = {"", "count", "number", None}


def format_value(value, unit: str | None = None, decimals: int | None = 0) -> str:
    """A value with its unit and decimals; an en dash when there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    decimals = int(decimals or 0)
    number = f"{abs(value):,.{decimals}f}"
    sign = "-" if value < 0 and float(number.replace(",", "")) != 0 else ""
    if unit in PREFIX_UNITS:
        return f"{sign}{PREFIX_UNITS[unit]}{number}"
    if unit in SUFFIX_UNITS:
        return f"{sign}{number}{SUFFIX_UNITS[unit]}"
    if unit in PLAIN_UNITS:
        return f"{sign}{number}"
    return f"{sign}{number} {unit}"
