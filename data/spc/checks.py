"""Checking the inputs of an XmR chart (`data.spc.xmr`): dates, values, rebases and options, with a message that
names what is wrong."""

from __future__ import annotations

import numbers
from datetime import date, datetime

import numpy as np
import pandas as pd

IMPROVEMENT = {"increase": 1, "neutral": 0, "decrease": -1}
MIN_FIX_AFTER_N = 12  # the reference refuses to fix limits on fewer than 12 points


def to_date(d, what: str) -> date:
    if isinstance(d, datetime):
        return d.date()
    if isinstance(d, date):
        return d
    if isinstance(d, str):
        try:
            return date.fromisoformat(d.strip())
        except ValueError:
            pass
    raise ValueError(f"{what} must be an ISO date like '2024-04-01', not {d!r}")


def to_value(v) -> float:
    if isinstance(v, (str, bytes, bool)):
        raise ValueError(f"values must be numbers or None, not {v!r}")
    if pd.api.types.is_scalar(v) and pd.isna(v):
        return float("nan")
    try:
        value = float(v)
    except (TypeError, ValueError):
        raise ValueError(f"values must be numbers or None, not {v!r}") from None
    if np.isinf(value):
        raise ValueError(f"values must be finite, not {v!r}")
    return value


def rebase_points(rebase) -> dict[date, str | None]:
    if rebase is None:
        return {}
    if isinstance(rebase, (str, date, dict)):
        rebase = [rebase]
    points: dict[date, str | None] = {}
    for r in rebase:
        d, reason = (r.get("date"), r.get("reason")) if isinstance(r, dict) else (r, None)
        points[to_date(d, "a rebase date")] = reason
    return points


def is_number(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and bool(np.isfinite(x))


def check_options(improvement, target, fix_after_n, screen_outliers) -> float | None:
    if improvement not in IMPROVEMENT:
        raise ValueError(f"improvement must be one of {', '.join(IMPROVEMENT)}, not {improvement!r}")
    if fix_after_n is not None and not (is_number(fix_after_n) and fix_after_n == int(fix_after_n)
                                        and fix_after_n >= MIN_FIX_AFTER_N):
        raise ValueError(f"fix_after_n must be a whole number of at least {MIN_FIX_AFTER_N}, not {fix_after_n!r}")
    if not isinstance(screen_outliers, bool):
        raise ValueError(f"screen_outliers must be True or False, not {screen_outliers!r}")
    if target is None or (pd.api.types.is_scalar(target) and pd.isna(target)):
        return None
    if not is_number(target):
        raise ValueError(f"target must be a single finite number or None, not {target!r}")
    return float(target)
