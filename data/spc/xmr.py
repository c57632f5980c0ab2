"""Statistical process control: the XmR chart of NHS England's "Making Data Count", as pure functions.

A port of the NHS-R community's reference implementation, the R package NHSRplotthedots 0.2.2
(R/ptd_spc_standard.R, R/ptd_calculate_point_type.R, R/ptd_calculate_assurance_type.R,
R/geom_ptd_icon.R, R/ptd_add_short_group_warnings.R). Identifiers (point types, icons, assurance)
are the reference's own. Nothing here imports Dash or touches the database.

Where the reference is silent or ill-defined we choose, and say so:
- Missing values (None/NaN) keep their row (and their date still splits segments) but get no point
  type. Limits treat them as the reference does: the mean skips them and a moving range needs both
  neighbours. The special-cause rules run over the observed points in date order (the reference's
  rules are not defined on NA: its trend rule errors). The short-segment warning counts observed
  points (the reference counts rows).
- A rebase date that matches no point's date is ignored, as in the reference, but we say so in a warning.
"""

from __future__ import annotations

import numbers
from collections import Counter
from datetime import date, datetime

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

LIMIT = 2.66  # process limits: mean +/- 2.66 x average moving range
NEAR = 2 * (LIMIT / 3)  # the "two-thirds" lines, computed exactly as the reference does
SCREEN = 3.267  # a moving range must be below 3.267 x the average to count (Nelson 1982)
RUN = 7  # points in a run on one side of the mean, and in a trend (6 steps the same way)
MIN_FIX_AFTER_N = 12  # the reference refuses to fix limits on fewer than 12 points
# Segments with fewer points than this carry a trial-limits warning. The reference documents
# "n < 12" but its code defaults to getOption("ptd_spc.warning_threshold", 13), so 12 points warn
# too (NHSRplotthedots issue #224); we follow the code.
SHORT_SEGMENT = 13

IMPROVEMENT = {"increase": 1, "neutral": 0, "decrease": -1}

COMMON_CAUSE = "common_cause"
IMPROVEMENT_TYPE = "special_cause_improvement"
CONCERN_TYPE = "special_cause_concern"
NEUTRAL_HIGH = "special_cause_neutral_high"
NEUTRAL_LOW = "special_cause_neutral_low"
POINT_TYPES = (COMMON_CAUSE, IMPROVEMENT_TYPE, CONCERN_TYPE, NEUTRAL_HIGH, NEUTRAL_LOW)

# Variation icons are the reference's icon names (inst/icons/variation/*.svg).
VARIATION_ICONS = ("common_cause", "improvement_high", "improvement_low", "concern_high",
                   "concern_low", "neutral_high", "neutral_low")
ASSURANCE_ICONS = ("consistent_pass", "consistent_fail", "inconsistent")


# ---- the special-cause rules: each takes a segment's observed points, returns +1 (high), -1 (low) or 0


def _windows(a: np.ndarray, size: int) -> np.ndarray:
    """Every run of `size` consecutive entries, one per row (none when `a` is shorter)."""
    if len(a) < size:
        return np.empty((0, size), dtype=a.dtype)
    return sliding_window_view(a, size)


def _part_of_run(ends: np.ndarray) -> np.ndarray:
    """A point belongs to a run if a run of RUN points ends on it or within the next RUN-1 points."""
    flagged = np.append(ends != 0, np.zeros(RUN - 1, dtype=bool))
    return _windows(flagged, RUN).any(axis=1)


def beyond_limit(y, side, beyond, near) -> np.ndarray:
    """A point outside the limits is very unlikely from a stable process (about 3 sigma)."""
    return np.where(beyond, np.where(side == 1, 1, -1), 0)


def _all_one_way(windows: np.ndarray) -> np.ndarray:
    """+1 where a row is all +1, -1 where all -1, else 0."""
    return np.where((windows == 1).all(axis=1), 1, np.where((windows == -1).all(axis=1), -1, 0))


def trend(y, side, beyond, near) -> np.ndarray:
    """Seven points each strictly above (or below) the last, six steps one way, suggest a drift."""
    if len(y) < RUN:
        return np.zeros(len(y), dtype=int)
    steps = np.sign(np.diff(y))
    ends = np.zeros(len(y), dtype=int)
    ends[RUN - 1:] = _all_one_way(_windows(steps, RUN - 1))  # the six steps ending at each point
    part = _part_of_run(ends)
    # As the reference: a trend point takes its step to the right if the next point is in a trend too.
    right = np.append(steps, steps[-1:])
    left = np.insert(steps, 0, 0)
    direction = np.where(np.append(part[1:], False) & part, right, left)
    return np.where(part, np.where(direction == 1, 1, -1), 0)


def two_of_three(y, side, beyond, near) -> np.ndarray:
    """Two of three points near one limit (past the 2/3 line, not past the limit) is unlikely by chance."""
    n = len(y)
    if n < 3:
        return np.zeros(n, dtype=int)
    window_hit = (_windows(near, 3).sum(axis=1) >= 2) & (np.abs(_windows(side, 3).sum(axis=1)) == 3)
    # A point is in a hit window if any of the (up to) three windows holding it is one.
    padded = np.concatenate([np.zeros(2, dtype=bool), window_hit, np.zeros(2, dtype=bool)])
    hit = _windows(padded, 3).any(axis=1)
    # Only the near points themselves are flagged, not the third point of the window.
    return np.where(hit & near, np.where(side > 0, 1, -1), 0)


def run_one_side(y, side, beyond, near) -> np.ndarray:
    """Seven points in a row on one side of the mean suggest it has moved; a point on the mean breaks it."""
    ends = np.zeros(len(y), dtype=int)
    if len(y) >= RUN:
        ends[RUN - 1:] = _all_one_way(_windows(side, RUN))
    return np.where(_part_of_run(ends), np.where(side > 0, 1, -1), 0)


# In the reference's order of precedence: the first rule that fires names the point.
RULES = (
    (beyond_limit, "Above UCL", "Below LCL"),
    (trend, "7 Point Trend (Increasing)", "7 Point Trend (Decreasing)"),
    (two_of_three, "2 in 3 Above CL", "2 in 3 Below CL"),
    (run_one_side, "7 Points Above CL", "7 Points Below CL"),
)


def _mean(a: np.ndarray) -> float:
    """Mean of the non-missing values; NaN when there are none (as R's mean(numeric(0)))."""
    a = a[~np.isnan(a)]
    return float(a.mean()) if len(a) else float("nan")


def segment_limits(y: np.ndarray, fix_after_n: int | None = None, screen_outliers: bool = True) -> dict:
    """Mean and limits of one segment, from its first fix_after_n rows when the baseline is fixed."""
    base = y if fix_after_n is None else y[:fix_after_n]
    mean = _mean(base)
    moving_ranges = np.abs(np.diff(base))  # NaN next to a missing value, so it drops out
    amr = _mean(moving_ranges)
    if screen_outliers:  # one pass: drop ranges at or above 3.267 x the average, then re-average
        amr = _mean(moving_ranges[moving_ranges < SCREEN * amr])
    return {"mean": mean, "lpl": mean - LIMIT * amr, "upl": mean + LIMIT * amr,
            "nlpl": mean - NEAR * amr, "nupl": mean + NEAR * amr}


def classify(y: np.ndarray, limits: dict, direction: int) -> tuple[list[str], list[str]]:
    """Special-cause label and point type for each observed point of one segment."""
    side = np.sign(y - limits["mean"]).astype(int)
    beyond = (y > limits["upl"]) | (y < limits["lpl"])
    near = ~beyond & ((y < limits["nlpl"]) | (y > limits["nupl"]))
    labels = np.full(len(y), "Common Cause", dtype=object)
    highs = np.zeros(len(y), dtype=int)
    for rule, high, low in reversed(RULES):  # weakest first, so a stronger rule overwrites it
        fired = rule(y, side, beyond, near)
        labels = np.where(fired > 0, high, np.where(fired < 0, low, labels))
        highs = np.where(fired != 0, fired, highs)
    return [str(label) for label in labels], [_point_type(h, direction) for h in highs]


def _point_type(high: int, direction: int) -> str:
    """Orient a high/low signal by the measure's polarity."""
    if high == 0:
        return COMMON_CAUSE
    if direction == 0:
        return NEUTRAL_HIGH if high > 0 else NEUTRAL_LOW
    return IMPROVEMENT_TYPE if high * direction > 0 else CONCERN_TYPE


def variation_icon(point_type: str | None, improvement: str) -> str | None:
    """The reference's variation icon for the latest point's type."""
    if point_type is None:
        return None
    high = improvement == "increase"
    return {
        COMMON_CAUSE: "common_cause",
        NEUTRAL_HIGH: "neutral_high",
        NEUTRAL_LOW: "neutral_low",
        CONCERN_TYPE: "concern_low" if high else "concern_high",
        IMPROVEMENT_TYPE: "improvement_high" if high else "improvement_low",
    }[point_type]


def assurance_icon(target: float | None, lpl: float, upl: float, improvement: str) -> str | None:
    """Will the process meet its target? Compares the target with the latest limits."""
    if target is None or improvement == "neutral" or np.isnan(lpl) or np.isnan(upl):
        return None
    increase = improvement == "increase"
    if target > upl:
        return "consistent_fail" if increase else "consistent_pass"
    if target < lpl:
        return "consistent_pass" if increase else "consistent_fail"
    return "inconsistent"


# ---- input checking


def _to_date(d, what: str) -> date:
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


def _to_value(v) -> float:
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


def _rebase_points(rebase) -> dict[date, str | None]:
    if rebase is None:
        return {}
    if isinstance(rebase, (str, date, dict)):
        rebase = [rebase]
    points: dict[date, str | None] = {}
    for r in rebase:
        d, reason = (r.get("date"), r.get("reason")) if isinstance(r, dict) else (r, None)
        points[_to_date(d, "a rebase date")] = reason
    return points


def _is_number(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and bool(np.isfinite(x))


def _check_options(improvement, target, fix_after_n, screen_outliers) -> float | None:
    if improvement not in IMPROVEMENT:
        raise ValueError(f"improvement must be one of {', '.join(IMPROVEMENT)}, not {improvement!r}")
    if fix_after_n is not None and not (_is_number(fix_after_n) and fix_after_n == int(fix_after_n)
                                        and fix_after_n >= MIN_FIX_AFTER_N):
        raise ValueError(f"fix_after_n must be a whole number of at least {MIN_FIX_AFTER_N}, not {fix_after_n!r}")
    if not isinstance(screen_outliers, bool):
        raise ValueError(f"screen_outliers must be True or False, not {screen_outliers!r}")
    if target is None or (pd.api.types.is_scalar(target) and pd.isna(target)):
        return None
    if not _is_number(target):
        raise ValueError(f"target must be a single finite number or None, not {target!r}")
    return float(target)


# ---- the chart


def xmr(values, dates, improvement="increase", target=None, rebase=(), fix_after_n=None,
        screen_outliers=True) -> dict:
    """XmR chart of a series: per-point limits and special-cause types, plus the two summary icons.

    Points come back sorted by date (as the reference sorts them), one entry per input point in each of
    date, value, segment, mean, lpl, upl, nlpl, nupl (the two-thirds lines), point_type and
    special_cause_type (the reference's rule label); all but date and segment are None for a missing
    value. Also: variation_icon, assurance_icon, improvement, target, warnings and rebase (applied
    rebases as {"date", "reason"}). `rebase` takes ISO dates or {"date": ..., "reason": ...} dicts;
    a new segment starts at each.
    """
    target = _check_options(improvement, target, fix_after_n, screen_outliers)
    values, dates = list(values), list(dates)
    if len(values) != len(dates):
        raise ValueError(f"values and dates differ in length ({len(values)} values, {len(dates)} dates)")
    days = [_to_date(d, "dates") for d in dates]
    repeated = sorted(d for d, count in Counter(days).items() if count > 1)
    if repeated:
        raise ValueError(f"duplicate dates: {', '.join(d.isoformat() for d in repeated)}")
    order = sorted(range(len(days)), key=days.__getitem__)
    days = [days[i] for i in order]
    y = np.array([_to_value(values[i]) for i in order], dtype=float)

    rebases = _rebase_points(rebase)
    present = set(days)
    warnings = [f"rebase date {d.isoformat()} matches no point's date, so it is ignored"
                for d in sorted(rebases) if d not in present]
    segment = np.cumsum([d in rebases for d in days]).astype(int)

    n = len(days)
    out = {k: [None] * n for k in ("mean", "lpl", "upl", "nlpl", "nupl", "point_type", "special_cause_type")}
    direction = IMPROVEMENT[improvement]
    last_limits = {"lpl": float("nan"), "upl": float("nan")}
    for s in np.unique(segment):
        rows = np.flatnonzero(segment == s)
        limits = segment_limits(y[rows], None if fix_after_n is None else int(fix_after_n), screen_outliers)
        observed = rows[~np.isnan(y[rows])]
        labels, types = classify(y[observed], limits, direction) if len(observed) else ([], [])
        for j, i in enumerate(observed):
            out["special_cause_type"][i], out["point_type"][i] = labels[j], types[j]
            for k, v in limits.items():
                out[k][i] = None if np.isnan(v) else v
        if len(observed) < SHORT_SEGMENT:
            warnings.append(
                f"the segment starting {days[rows[0]].isoformat()} has {len(observed)} points (fewer than "
                f"{SHORT_SEGMENT}): its limits are trial limits, to be revised as points are added")
        last_limits = limits

    latest = next((i for i in reversed(range(n)) if not np.isnan(y[i])), None)
    return {
        "date": [d.isoformat() for d in days],
        "value": [None if np.isnan(v) else float(v) for v in y],
        "segment": [int(s) for s in segment],
        **out,
        "variation_icon": variation_icon(None if latest is None else out["point_type"][latest], improvement),
        "assurance_icon": assurance_icon(target, last_limits["lpl"], last_limits["upl"], improvement),
        "improvement": improvement,
        "target": target,
        "warnings": warnings,
        "rebase": [{"date": d.isoformat(), "reason": r} for d, r in sorted(rebases.items()) if d in present],
    }
