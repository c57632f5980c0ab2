"""One measure's position in a period: its value, target, status in-period and year-to-date, and direction.

Pure functions over a measure's rule (`Rule`) and its stored values and targets keyed by `Period`.
A value stored for a period wins; otherwise a coarser period is rolled up from the measure's own
frequency by its rollup rule (sum, mean, or latest snapshot).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

from data.core.periods import MONTH, MONTHS_IN, QUARTER, WEEK, YEAR, Period
from data.performance.status import Direction, Polarity, Status, ToleranceType, direction, judge, tolerance_edge


class Frequency(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"

    @property
    def period_kind(self) -> str:
        return {"weekly": WEEK, "monthly": MONTH, "quarterly": QUARTER, "annual": YEAR}[self]


class Kind(StrEnum):
    TARGET = "target"
    DATA_ONLY = "data only"


class Rollup(StrEnum):
    SUM = "sum"
    MEAN = "mean"
    LATEST = "latest"


@dataclass(frozen=True)
class Rule:
    """The columns of a measure that decide how it is rolled up and judged."""

    polarity: Polarity = Polarity.HIGHER
    frequency: Frequency = Frequency.MONTHLY
    kind: Kind = Kind.TARGET
    rollup: Rollup = Rollup.MEAN
    tolerance: float = 0.0
    tolerance_type: ToleranceType = ToleranceType.PERCENT

    @classmethod
    def of(cls, row) -> Rule:
        """From any mapping or object with the measure's columns."""
        get = row.get if hasattr(row, "get") else lambda k, d=None: getattr(row, k, d)
        tolerance = get("tolerance", 0.0)
        return cls(Polarity(get("polarity")), Frequency(get("frequency")), Kind(get("kind")),
                   Rollup(get("rollup")), 0.0 if _missing(tolerance) else float(tolerance),
                   ToleranceType(get("tolerance_type") or "percent"))

    @property
    def judged(self) -> bool:
        return self.kind is Kind.TARGET and self.polarity is not Polarity.NONE


@dataclass
class Assessment:
    """Everything a report says about one measure in one period."""

    period: Period                      # the period asked about
    effective: Period | None            # the period whose figure answers it (the year for annual measures)
    value: float | None = None
    target: float | None = None
    edge: float | None = None
    status: Status = Status.NO_DATA
    ytd_value: float | None = None
    ytd_target: float | None = None
    ytd_status: Status = Status.NO_DATA
    previous_value: float | None = None
    last_year_value: float | None = None
    direction_previous: Direction | None = None
    direction_last_year: Direction | None = None
    reasons: list[str] = field(default_factory=list)


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def roll(values, rollup: Rollup | str) -> float | None:
    """Combine a period's parts by the rule, ignoring gaps: sum, mean, or the latest present value."""
    present = [float(v) for v in values if not _missing(v)]
    if not present:
        return None
    rollup = Rollup(rollup)
    if rollup is Rollup.SUM:
        return math.fsum(present)
    if rollup is Rollup.MEAN:
        return math.fsum(present) / len(present)
    return present[-1]


def parts(period: Period, frequency: Frequency) -> list[Period]:
    """The periods at the measure's own frequency that make up a coarser period (weeks: those whose Thursday
    falls in it)."""
    if frequency is Frequency.WEEKLY:
        return period.weeks()
    if frequency is Frequency.MONTHLY:
        return period.months()
    if frequency is Frequency.QUARTERLY:
        return period.quarters()
    return [period.widen(YEAR)]


def effective_period(period: Period, frequency: Frequency) -> Period | None:
    """The period whose figure answers `period`: a quarterly measure in a month shows its latest complete
    quarter; an annual measure has a figure only at year end (Q4, March, or the year)."""
    if frequency is Frequency.ANNUAL:
        return period.widen(YEAR) if period.is_year_end() else None
    if frequency is Frequency.QUARTERLY and period.kind == MONTH:
        quarter = period.widen(QUARTER)
        return quarter if period.months()[-1] == quarter.months()[-1] else quarter.previous()
    return period


def value_for(rule: Rule, values: dict, period: Period) -> float | None:
    """A stored value for the period, or the roll-up of its parts at the measure's frequency."""
    stored = values.get(period)
    if not _missing(stored):
        return float(stored)
    if period.n_months <= MONTHS_IN[rule.frequency.period_kind]:
        return None
    return roll([values.get(p) for p in parts(period, rule.frequency)], rule.rollup)


def target_for(rule: Rule, targets: dict, period: Period) -> float | None:
    """A period's own target; failing that its quarter's or year's (pro rata by months for `sum`);
    a year with no target of its own rolls up four quarterly targets when all are set."""
    own = targets.get(period)
    if not _missing(own):
        return float(own)
    if period.kind == YEAR:
        quarterly = [targets.get(q) for q in period.quarters()]
        return None if any(_missing(t) for t in quarterly) else roll(quarterly, rule.rollup)
    parent = period.widen(QUARTER) if period.kind == MONTH else period.widen(YEAR)
    parent_target = target_for(rule, targets, parent)
    if parent_target is None:
        return None
    if rule.rollup is Rollup.SUM:
        return parent_target * period.n_months / parent.n_months
    return parent_target


def ytd(rule: Rule, values: dict, targets: dict, period: Period) -> tuple[float | None, float | None]:
    """Year-to-date value and target: the year's periods so far rolled by the measure's rule."""
    if rule.rollup is Rollup.LATEST or period.kind == YEAR:
        return value_for(rule, values, period), target_for(rule, targets, period)
    span = period.ytd_span()
    value = roll([value_for(rule, values, p) for p in span], rule.rollup)
    span_targets = [target_for(rule, targets, p) for p in span]
    if rule.rollup is Rollup.SUM and any(t is None for t in span_targets):
        return value, None
    return value, roll(span_targets, rule.rollup)


def _judge(rule: Rule, value, target) -> tuple[Status, float | None]:
    if not rule.judged:
        return Status.DATA_ONLY, None
    if value is None:
        return Status.NO_DATA, None
    if target is None:
        return Status.NO_DATA, None
    edge = tolerance_edge(target, rule.tolerance, rule.tolerance_type, rule.polarity)
    return judge(value, target, edge, rule.polarity), edge


def assess(rule: Rule, values: dict, targets: dict, period: Period) -> Assessment:
    """Value, target, in-period and year-to-date status, and direction of travel for one period."""
    effective = effective_period(period, rule.frequency)
    result = Assessment(period=period, effective=effective)
    if effective is None:
        result.status = result.ytd_status = Status.ANNUAL
        result.reasons.append("annual measure: reported at year end")
        return result
    result.value = value_for(rule, values, effective)
    result.target = target_for(rule, targets, effective) if rule.kind is Kind.TARGET else None
    result.status, result.edge = _judge(rule, result.value, result.target)
    if rule.judged and result.value is not None and result.target is None:
        result.reasons.append("no target set for this period")
    result.ytd_value, result.ytd_target = ytd(rule, values, targets, effective)
    if rule.kind is not Kind.TARGET:
        result.ytd_target = None
    result.ytd_status, _ = _judge(rule, result.ytd_value, result.ytd_target)
    previous = effective.previous()
    last_year = effective.same_period_last_year()
    result.previous_value = value_for(rule, values, previous)
    result.last_year_value = value_for(rule, values, last_year)
    if rule.judged:
        result.direction_previous = direction(result.value, result.previous_value, rule.polarity)
        result.direction_last_year = direction(result.value, result.last_year_value, rule.polarity)
    return result


def assess_to_date(rule: Rule, values: dict, targets: dict, year: Period, through: Period) -> Assessment:
    """A financial year still under way, judged to date: the year-to-date value through `through` (a quarter of
    the year) against the year-to-date target, never the year-end one; compared with the same span last year."""
    result = assess(rule, values, targets, through)
    result.period = year
    if result.status is Status.ANNUAL:
        return result
    result.value, result.target, result.status = result.ytd_value, result.ytd_target, result.ytd_status
    _, result.edge = _judge(rule, result.value, result.target)
    result.previous_value, result.direction_previous = None, None
    result.last_year_value = ytd(rule, values, targets, result.effective.same_period_last_year())[0]
    result.direction_last_year = (direction(result.value, result.last_year_value, rule.polarity) if rule.judged
                                  else None)
    return result


def series(rule: Rule, values: dict, targets: dict, first: Period, last: Period) -> list[dict]:
    """One row per period of first's kind, from first to last: value, target, tolerance edge and status."""
    rows, p = [], first
    while not last < p:
        value = value_for(rule, values, p)
        target = target_for(rule, targets, p) if rule.kind is Kind.TARGET else None
        status, edge = _judge(rule, value, target)
        rows.append({"period": p, "label": p.label, "start": p.start, "value": value, "target": target,
                     "edge": edge, "status": status})
        p = p.shift(1)
    return rows
