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

from collections import Counter
from datetime import date

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from data.spc import checks
from data.spc.checks import IMPROVEMENT, MIN_FIX_AFTER_N  # noqa: F401  part of this module's interface

LIMIT = 2.66  # process limits: mean +/- 2.66 x average moving range
NEAR = 2 * (LIMIT / 3)  # the "two-thirds" lines, computed exactly as the reference does
SCREEN = 3.267  # a moving range must be below 3.267 x the average to count (Nelson 1982)
RUN = 7  # points in a run on one side of the mean, and in a trend (6 steps the same way)
# Segments with fewer points than this carry a trial-limits warning. The reference documents
# "n < 12" but its code defaults to getOption("ptd_spc.warning_threshold", 13), so 12 points warn
# too (NHSRplotthedots issue #224); we follow the code.
SHORT_SEGMENT = 13


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


# ---- the special-cause rules: each takes observed points in date order (several charts' segments one after
# another when `segment` numbers them; no window crosses a segment), returns +1 (high), -1 (low) or 0 per point


def _windows(a: np.ndarray, size: int) -> np.ndarray:
    """Every run of `size` consecutive entries, one per row (none when `a` is shorter)."""
    if len(a) < size:
        return np.empty((0, size), dtype=a.dtype)
    return sliding_window_view(a, size)


def _within(segment: np.ndarray | None, n: int, size: int) -> np.ndarray:
    """For each window of `size` points, whether it lies inside one segment (segments are contiguous)."""
    if n < size:
        return np.zeros(0, dtype=bool)
    if segment is None:
        return np.ones(n - size + 1, dtype=bool)
    return segment[size - 1:] == segment[:n - size + 1]


def _part_of_run(ends: np.ndarray, segment: np.ndarray | None) -> np.ndarray:
    """A point belongs to a run if a run of RUN points ends on it or within the next RUN-1 points of its segment."""
    n = len(ends)
    flagged = np.zeros(n, dtype=bool)
    for offset in range(min(RUN, n)):
        hit = ends[offset:] != 0
        if segment is not None:
            hit &= segment[offset:] == segment[:n - offset]
        flagged[:n - offset] |= hit
    return flagged


def beyond_limit(y, side, beyond, near, segment=None) -> np.ndarray:
    """A point outside the limits is very unlikely from a stable process (about 3 sigma)."""
    return np.where(beyond, np.where(side == 1, 1, -1), 0)


def _all_one_way(windows: np.ndarray) -> np.ndarray:
    """+1 where a row is all +1, -1 where all -1, else 0."""
    return np.where((windows == 1).all(axis=1), 1, np.where((windows == -1).all(axis=1), -1, 0))


def trend(y, side, beyond, near, segment=None) -> np.ndarray:
    """Seven points each strictly above (or below) the last, six steps one way, suggest a drift."""
    n = len(y)
    if n < RUN:
        return np.zeros(n, dtype=int)
    steps = np.sign(np.diff(y)).astype(int)
    if segment is not None:
        steps[segment[1:] != segment[:-1]] = 0  # no step between segments, so no run crosses one
    ends = np.zeros(n, dtype=int)
    ends[RUN - 1:] = _all_one_way(_windows(steps, RUN - 1))  # the six steps ending at each point
    part = _part_of_run(ends, segment)
    # As the reference: a trend point takes its step to the right if the next point (of its segment) is in a
    # trend too; a segment's last point has no step to the right and takes the one before it.
    last = np.append(np.zeros(n - 1, dtype=bool) if segment is None else segment[1:] != segment[:-1], True)
    right = np.where(last, np.insert(steps, 0, 0), np.append(steps, 0))
    left = np.insert(steps, 0, 0)
    next_part = np.append(part[1:], False) & ~last
    direction = np.where(next_part & part, right, left)
    return np.where(part, np.where(direction == 1, 1, -1), 0)


def two_of_three(y, side, beyond, near, segment=None) -> np.ndarray:
    """Two of three points near one limit (past the 2/3 line, not past the limit) is unlikely by chance."""
    n = len(y)
    if n < 3:
        return np.zeros(n, dtype=int)
    window_hit = ((_windows(near, 3).sum(axis=1) >= 2) & (np.abs(_windows(side, 3).sum(axis=1)) == 3)
                  & _within(segment, n, 3))
    # A point is in a hit window if any of the (up to) three windows holding it is one.
    padded = np.concatenate([np.zeros(2, dtype=bool), window_hit, np.zeros(2, dtype=bool)])
    hit = _windows(padded, 3).any(axis=1)
    # Only the near points themselves are flagged, not the third point of the window.
    return np.where(hit & near, np.where(side > 0, 1, -1), 0)


def run_one_side(y, side, beyond, near, segment=None) -> np.ndarray:
    """Seven points in a row on one side of the mean suggest it has moved; a point on the mean breaks it."""
    n = len(y)
    ends = np.zeros(n, dtype=int)
    if n >= RUN:
        ends[RUN - 1:] = np.where(_within(segment, n, RUN), _all_one_way(_windows(side, RUN)), 0)
    return np.where(_part_of_run(ends, segment), np.where(side > 0, 1, -1), 0)


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


LABELS = np.array(["Common Cause"] + [label for _, high, low in RULES for label in (high, low)], dtype=object)


def _signals(y: np.ndarray, limits: dict, segment: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(label index into LABELS, +1/-1/0 high or low) per observed point; `limits` holds one array per point."""
    side = np.sign(y - limits["mean"]).astype(int)
    beyond = (y > limits["upl"]) | (y < limits["lpl"])
    near = ~beyond & ((y < limits["nlpl"]) | (y > limits["nupl"]))
    label = np.zeros(len(y), dtype=int)
    highs = np.zeros(len(y), dtype=int)
    for r in reversed(range(len(RULES))):  # weakest first, so a stronger rule overwrites it
        fired = RULES[r][0](y, side, beyond, near, segment)
        label = np.where(fired > 0, 1 + 2 * r, np.where(fired < 0, 2 + 2 * r, label))
        highs = np.where(fired != 0, fired, highs)
    return label, highs


def classify(y: np.ndarray, limits: dict, direction: int) -> tuple[list[str], list[str]]:
    """Special-cause label and point type for each observed point of one segment."""
    label, highs = _signals(y, limits)
    return LABELS[label].tolist(), _point_types(highs, np.full(len(y), direction)).tolist()


POINT_TYPE_OF = np.array([CONCERN_TYPE, COMMON_CAUSE, IMPROVEMENT_TYPE, NEUTRAL_LOW, NEUTRAL_HIGH], dtype=object)


def _point_types(highs: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Orient each high/low signal by its measure's polarity (direction +1, -1, or 0 for neutral)."""
    oriented = np.where(direction == 0, np.where(highs == 0, 1, np.where(highs > 0, 4, 3)), 1 + highs * direction)
    return POINT_TYPE_OF[oriented]


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
    return xmr_many([{"values": values, "dates": dates, "improvement": improvement, "target": target,
                      "rebase": rebase, "fix_after_n": fix_after_n, "screen_outliers": screen_outliers}])[0]


def _prepare(values, dates, improvement="increase", target=None, rebase=(), fix_after_n=None,
             screen_outliers=True) -> dict:
    """One chart's inputs checked and sorted by date, with its segments."""
    target = checks.check_options(improvement, target, fix_after_n, screen_outliers)
    values, dates = list(values), list(dates)
    if len(values) != len(dates):
        raise ValueError(f"values and dates differ in length ({len(values)} values, {len(dates)} dates)")
    days = [d if type(d) is date else checks.to_date(d, "dates") for d in dates]
    if len(set(days)) < len(days):
        repeated = sorted(d for d, count in Counter(days).items() if count > 1)
        raise ValueError(f"duplicate dates: {', '.join(d.isoformat() for d in repeated)}")
    order = sorted(range(len(days)), key=days.__getitem__)
    days = [days[i] for i in order]
    y = np.array([checks.to_value(values[i]) for i in order], dtype=float)
    rebases = checks.rebase_points(rebase)
    present = set(days)
    return {"days": days, "y": y, "improvement": improvement, "target": target, "rebases": rebases,
            "present": present, "segment": np.cumsum([d in rebases for d in days]).astype(int),
            "fix_after_n": None if fix_after_n is None else int(fix_after_n), "screen_outliers": screen_outliers,
            "warnings": [f"rebase date {d.isoformat()} matches no point's date, so it is ignored"
                         for d in sorted(rebases) if d not in present]}


def xmr_many(charts: list[dict]) -> list[dict]:
    """`xmr` of many series at once, each given as a dict of xmr's keyword arguments; the special-cause rules run
    in numpy over every observed point of every chart together (no window crosses a segment or a chart)."""
    prepared = [_prepare(**chart) for chart in charts]
    # Limits per segment (a few numbers each), spread to every point; segments numbered across all charts.
    ys, segments, point_limits, directions, last_limits = [], [], {k: [] for k in LIMIT_KEYS}, [], []
    first_segment = 0
    for c in prepared:
        y, segment = c["y"], c["segment"]
        limits_of = {int(s): segment_limits(y[segment == s], c["fix_after_n"], c["screen_outliers"])
                     for s in np.unique(segment)}
        for k in LIMIT_KEYS:
            point_limits[k].append(np.array([limits_of[s][k] for s in segment.tolist()], dtype=float))
        c["limits"] = limits_of
        last_limits.append(limits_of[max(limits_of)] if limits_of else {"lpl": float("nan"), "upl": float("nan")})
        ys.append(y)
        segments.append(segment + first_segment)
        directions.append(np.full(len(y), IMPROVEMENT[c["improvement"]]))
        first_segment += max(limits_of, default=0) + 1
    y = np.concatenate(ys) if ys else np.zeros(0)
    limits = {k: np.concatenate(v) if v else np.zeros(0) for k, v in point_limits.items()}
    observed = ~np.isnan(y)
    segment = np.concatenate(segments)[observed] if segments else np.zeros(0, dtype=int)
    label, highs = _signals(y[observed], {k: v[observed] for k, v in limits.items()}, segment)
    labels = np.full(len(y), None, dtype=object)
    types = np.full(len(y), None, dtype=object)
    labels[observed] = LABELS[label]
    types[observed] = _point_types(highs, np.concatenate(directions)[observed] if directions else highs)
    out, start = [], 0
    for c, last in zip(prepared, last_limits):
        end = start + len(c["y"])
        out.append(_result(c, labels[start:end], types[start:end], {k: v[start:end] for k, v in limits.items()},
                           last))
        start = end
    return out


LIMIT_KEYS = ("mean", "lpl", "upl", "nlpl", "nupl")


def _nones(a: np.ndarray, keep: np.ndarray) -> list:
    """Floats where `keep`, None elsewhere and for NaN."""
    return [float(v) if k and v == v else None for v, k in zip(a.tolist(), keep.tolist())]


def _result(c: dict, labels: np.ndarray, types: np.ndarray, limits: dict, last_limits: dict) -> dict:
    y, days, segment = c["y"], c["days"], c["segment"]
    observed = ~np.isnan(y)
    warnings = list(c["warnings"])
    for s in c["limits"]:
        rows = np.flatnonzero(segment == s)
        count = int(observed[rows].sum())
        if count < SHORT_SEGMENT:
            warnings.append(
                f"the segment starting {days[rows[0]].isoformat()} has {count} points (fewer than "
                f"{SHORT_SEGMENT}): its limits are trial limits, to be revised as points are added")
    seen = np.flatnonzero(observed)
    latest = int(seen[-1]) if len(seen) else None
    types_list = types.tolist()
    return {
        "date": [d.isoformat() for d in days],
        "value": [None if v != v else v for v in y.tolist()],
        "segment": segment.tolist(),
        **{k: _nones(limits[k], observed) for k in LIMIT_KEYS},
        "point_type": types_list,
        "special_cause_type": labels.tolist(),
        "variation_icon": variation_icon(None if latest is None else types_list[latest], c["improvement"]),
        "assurance_icon": assurance_icon(c["target"], last_limits["lpl"], last_limits["upl"], c["improvement"]),
        "improvement": c["improvement"],
        "target": c["target"],
        "warnings": warnings,
        "rebase": [{"date": d.isoformat(), "reason": r} for d, r in sorted(c["rebases"].items())
                   if d in c["present"]],
    }
