"""The exceptions report: measures that need attention in a period, and why, worst first. Pure.

A measure is an exception when any reason in `REASONS` holds; its severity is the sum of their weights.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from data.spc import xmr as spc
from data.performance.assess import Assessment, Rule, assess, assess_to_date
from data.performance.forecast import Forecast, year_end
from data.core.periods import Period
from data.performance.formatting import shown_decimals
from data.reporting.choice import Choice
from data.performance.status import Status
from data.spc import wording
from data.spc.trend import spc_chart

MISSING = (Status.BELOW_TARGET, Status.WITHIN_TOLERANCE)


@dataclass
class Case:
    """One measure's case for attention."""

    measure: dict
    assessment: Assessment
    forecast: Forecast | None
    chart: dict
    reasons: list[str] = field(default_factory=list)
    severity: int = 0


def _latest_point_type(chart: dict) -> str | None:
    observed = [t for t, v in zip(chart["point_type"], chart["value"]) if v is not None]
    return observed[-1] if observed else None


# (key, heading, weight, test): rules as rows, so a new reason is a new line.
REASONS = (
    ("below_target", "Below target", 4, lambda e: e.assessment.status is Status.BELOW_TARGET),
    ("concern", "Special cause of concern", 3, lambda e: _latest_point_type(e.chart) == spc.CONCERN_TYPE),
    ("assurance", wording.EXCEPTION_FAILING, 2, lambda e: e.chart.get("assurance_icon") == "consistent_fail"),
    ("process_changed", wording.EXCEPTION_CHANGED, 2,
     lambda e: e.chart.get("change") is not None and e.chart["change"]["better"] is False),
    ("forecast", "Forecast to miss the year-end target", 2,
     lambda e: e.forecast is not None and e.forecast.status in MISSING),
    ("bottom_quartile", "Bottom quartile among peers", 1, lambda e: e.measure.get("peer_quartile") == 4),
)
HEADINGS = {key: heading for key, heading, _, _ in REASONS}


def examine(measure: dict, values: dict, targets: dict, changes: list, period: Choice | Period) -> Case:
    """Assess one measure every way the report asks about (a year under way to date); `reasons` is empty when all
    is well."""
    chosen = period if isinstance(period, Choice) else Choice(period)
    rule, judged = Rule.of(measure), chosen.judged
    measure = {**measure, "decimals": shown_decimals(measure.get("decimals"), values, targets)}
    _, chart = spc_chart(rule, values, targets, judged, changes)
    assessed = (assess_to_date(rule, values, targets, chosen.period, chosen.through) if chosen.through
                else assess(rule, values, targets, chosen.period))
    case = Case(measure, assessed, year_end(rule, values, targets, judged), chart)
    for key, _, weight, test in REASONS:
        if rule.judged and test(case):
            case.reasons.append(key)
            case.severity += weight
    return case


def exceptions(measures: list[dict], figures: dict, changes: dict, period: Choice | Period) -> list[Case]:
    """Every measure with at least one reason, most severe first, then by code.

    `figures` is `loaders.figures` output; `changes` maps measure id to its process changes.
    """
    cases = [examine(m, *figures.get(int(m["id"]), ({}, {})), changes.get(int(m["id"]), []), period)
             for m in measures if not m.get("context")]   # context indicators are outside the council's control
    found = [c for c in cases if c.reasons]
    return sorted(found, key=lambda c: (-c.severity, c.measure["code"]))


def counts(cases: list[Case]) -> dict[str, int]:
    """How many measures each reason applies to, in REASONS order."""
    return {key: sum(key in c.reasons for c in cases) for key, *_ in REASONS}
