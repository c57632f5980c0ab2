"""Year-end forecast for a targeted measure: the year to date scaled by how earlier years finished.

For every earlier year with a complete record, the ratio of its full-year figure to its figure at the same
point in the year is the "profile ratio". The projection is the year to date times the mean ratio of the
most recent `YEARS` such years. One rule covers every roll-up: for `sum` it is the share of the year still
to come, for `mean` the seasonal remainder blended with the months so far (a full-year mean over a
year-to-date mean), and for `latest` (cumulative or snapshot figures) the growth still to come.

Without an earlier year to learn from: `sum` is pro rata by months, `mean` carries the year-to-date
mean forward, and `latest` cannot be projected.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from data.performance.assess import Rollup, Rule, effective_period, parts, target_for, value_for, ytd
from data.performance.formatting import format_value
from data.core.periods import YEAR, Period
from data.performance.status import Status, judge, tolerance_edge

YEARS = 3  # recent enough to share this year's seasonality


@dataclass(frozen=True)
class Forecast:
    value: float
    target: float | None
    status: Status
    method: str            # "actual", "profile" or "pro rata"
    years: int = 0         # earlier years the profile learned from


def _complete(rule: Rule, values: dict, year: Period) -> bool:
    stored = values.get(year)
    if stored is not None and not (isinstance(stored, float) and math.isnan(stored)):
        return True
    return all(values.get(p) is not None for p in parts(year, rule.frequency))


def profile_ratios(rule: Rule, values: dict, targets: dict, at: Period) -> list[float]:
    """Full year over year to date at the same point, for the most recent complete earlier years."""
    ratios = []
    for back in range(1, 20):
        earlier = Period(at.kind, at.fy - back, at.index)
        year = earlier.widen(YEAR)
        if not any(p.fy == year.fy for p in values):
            break
        so_far = ytd(rule, values, targets, earlier)[0]
        full = value_for(rule, values, year)
        if so_far and full is not None and _complete(rule, values, year):
            ratios.append(full / so_far)
        if len(ratios) == YEARS:
            break
    return ratios


def year_end(rule: Rule, values: dict, targets: dict, period: Period) -> Forecast | None:
    """The projected year-end outturn and its status against the year's target; None when it cannot be said."""
    at = effective_period(period, rule.frequency)
    if not rule.judged or at is None:
        return None
    so_far = ytd(rule, values, targets, at)[0]
    if so_far is None:
        return None
    year = at.widen(YEAR)
    target = target_for(rule, targets, year)
    if at.kind == YEAR or at.months()[-1] == year.months()[-1]:
        value, method, years = value_for(rule, values, year), "actual", 0
    else:
        ratios = profile_ratios(rule, values, targets, at)
        years = len(ratios)
        if ratios:
            value, method = so_far * math.fsum(ratios) / years, "profile"
        elif rule.rollup is Rollup.SUM:
            value, method = so_far * 12 / len(at.ytd_months()), "pro rata"
        elif rule.rollup is Rollup.MEAN:
            value, method = so_far, "pro rata"
        else:
            return None
    if value is None:
        return None
    status = Status.NO_DATA
    if target is not None:
        edge = tolerance_edge(target, rule.tolerance, rule.tolerance_type, rule.polarity)
        status = judge(value, target, edge, rule.polarity)
    return Forecast(value, target, status, method, years)


def sentence(forecast: Forecast | None, unit: str | None, decimals: int) -> str:
    """`Projected 0.78% at year end, target 0.75%.`"""
    if forecast is None:
        return "No year-end forecast: not enough figures yet."
    verb = "Outturn" if forecast.method == "actual" else "Projected"
    text = f"{verb} {format_value(forecast.value, unit, decimals)} at year end"
    text += f", target {format_value(forecast.target, unit, decimals)}." if forecast.target is not None else \
        ", no year-end target set."
    return text
