"""Status and direction of travel: the judgements a performance report makes, as pure functions."""

from __future__ import annotations

import math
from enum import StrEnum

# Values closer than this (relative to the larger magnitude) count as equal: 0.1 + 0.2 == 0.3.
REL_TOL = 1e-9
ABS_TOL = 1e-12


class Status(StrEnum):
    ON_TARGET = "on_target"
    WITHIN_TOLERANCE = "within_tolerance"
    BELOW_TARGET = "below_target"
    DATA_ONLY = "data_only"
    ANNUAL = "annual"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def icon(self) -> str:
        """A text symbol that carries the status without colour."""
        return STATUS_ICONS[self]


STATUS_LABELS = {
    Status.ON_TARGET: "On target",
    Status.WITHIN_TOLERANCE: "Within tolerance",
    Status.BELOW_TARGET: "Below target",
    Status.DATA_ONLY: "Data only",
    Status.ANNUAL: "Annual",
    Status.NO_DATA: "No data",
}
STATUS_ICONS = {
    Status.ON_TARGET: "✔",
    Status.WITHIN_TOLERANCE: "▲",
    Status.BELOW_TARGET: "✖",
    Status.DATA_ONLY: "ℹ",
    Status.ANNUAL: "◷",
    Status.NO_DATA: "–",
}
# Worst first: the order a "needs attention" list and a severity sort use.
SEVERITY = [Status.BELOW_TARGET, Status.WITHIN_TOLERANCE, Status.NO_DATA, Status.ON_TARGET,
            Status.ANNUAL, Status.DATA_ONLY]


class Polarity(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NONE = "none"


class ToleranceType(StrEnum):
    PERCENT = "percent"
    ABSOLUTE = "absolute"


class Direction(StrEnum):
    IMPROVING = "improving"
    NO_CHANGE = "no_change"
    WORSENING = "worsening"

    @property
    def label(self) -> str:
        return {"improving": "Improving", "no_change": "No change", "worsening": "Worsening"}[self]

    @property
    def arrow(self) -> str:
        return {"improving": "↑", "no_change": "→", "worsening": "↓"}[self]


def is_close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def tolerance_edge(target: float, tolerance: float | None, tolerance_type: ToleranceType | str,
                   polarity: Polarity | str) -> float:
    """The worst value still Within tolerance: 90 with 5 percent, higher is better -> 85.5."""
    allowance = abs(tolerance or 0.0)
    if ToleranceType(tolerance_type) is ToleranceType.PERCENT:
        allowance = abs(target) * allowance / 100.0
    return target - allowance if Polarity(polarity) is Polarity.HIGHER else target + allowance


def _at_least_as_good(value: float, reference: float, polarity: Polarity) -> bool:
    if is_close(value, reference):
        return True
    return value > reference if polarity is Polarity.HIGHER else value < reference


def judge(value: float | None, target: float | None, edge: float | None,
          polarity: Polarity | str) -> Status:
    """On target at or past the target, within tolerance up to the edge, below beyond it (both ends inclusive)."""
    polarity = Polarity(polarity)
    if polarity is Polarity.NONE:
        return Status.DATA_ONLY
    if value is None or target is None or _is_nan(value) or _is_nan(target):
        return Status.NO_DATA
    if _at_least_as_good(value, target, polarity):
        return Status.ON_TARGET
    if edge is not None and _at_least_as_good(value, edge, polarity):
        return Status.WITHIN_TOLERANCE
    return Status.BELOW_TARGET


def direction(current: float | None, previous: float | None, polarity: Polarity | str) -> Direction | None:
    """Improving, no change or worsening against an earlier value, by polarity; None when it cannot be said."""
    polarity = Polarity(polarity)
    if polarity is Polarity.NONE or current is None or previous is None or _is_nan(current) or _is_nan(previous):
        return None
    if is_close(current, previous):
        return Direction.NO_CHANGE
    return Direction.IMPROVING if _at_least_as_good(current, previous, polarity) else Direction.WORSENING


def _is_nan(x) -> bool:
    return isinstance(x, float) and math.isnan(x)
