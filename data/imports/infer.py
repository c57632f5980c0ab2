"""What a file implies about a measure it does not describe in full: its frequency from the periods present
(weeks, months, quarters or years), `data only` without targets (and then polarity none), the unit and decimals
as typed; and a frequency finer than the stored one. Pure functions over `drafts.Figure`s.
"""

from __future__ import annotations

from data.core.periods import MONTH, QUARTER, WEEK, YEAR
from data.imports.values import decimals_of

FREQUENCY_OF = {WEEK: "weekly", MONTH: "monthly", QUARTER: "quarterly", YEAR: "annual"}


def inferred(figures: list) -> dict:
    """Measure fields from one measure's figures (values first; targets when it has no values)."""
    values = [f for f in figures if f.table == "values"]
    kinds = {f.period.kind for f in (values or figures)}
    finest = next((k for k in (WEEK, MONTH, QUARTER, YEAR) if k in kinds), None)
    out = {"rollup": "mean", "kind": "target" if any(f.table == "targets" for f in figures) else "data only",
           "tolerance_type": "percent"}
    typed = " ".join(str(f.cell) for f in values if isinstance(f.cell, str))
    unit = "%" if "%" in typed else "£" if "£" in typed else None
    if unit:
        out["unit"] = unit
    if finest:
        out["frequency"] = FREQUENCY_OF[finest]
    places = [decimals_of(f.cell) for f in values if f.cell not in (None, "")]
    out["decimals"] = str(min(max(places), 3)) if places else None
    if out["kind"] == "data only":
        out["polarity"] = "none"
    return out


def finer(stored: dict, found: dict, given: dict, override: dict) -> str | None:
    """The file's frequency when it is finer than the stored measure's and nothing else names one."""
    order = list(FREQUENCY_OF.values())
    have, new = stored.get("frequency"), found.get("frequency")
    if not have or not new or "frequency" in given or "frequency" in override or have not in order:
        return None
    return new if order.index(new) < order.index(have) else None
