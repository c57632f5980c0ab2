"""Which periods a measure's trend chart shows, at which grain: pure, over `data.performance.assess` rules."""

from __future__ import annotations

import functools
from operator import attrgetter

from data.spc import change
from data.spc import xmr as spc
from data.performance.assess import Frequency, Kind, Rule, series, target_for, value_for
from data.core.periods import MONTH, QUARTER, YEAR, Period
from data.performance.status import Polarity

# The grains a measure can be charted at: its own frequency and anything coarser (weekly series by month).
GRAINS = {Frequency.WEEKLY: (MONTH, QUARTER, YEAR), Frequency.MONTHLY: (MONTH, QUARTER, YEAR), Frequency.QUARTERLY: (QUARTER, YEAR),
          Frequency.ANNUAL: (YEAR,)}
GRAIN_LABELS = {MONTH: "Monthly", QUARTER: "Quarterly", YEAR: "Yearly"}
WINDOW = {MONTH: 24, QUARTER: 12, YEAR: 8}  # periods on the chart, ending at the chosen period


def grains(rule: Rule) -> tuple[str, ...]:
    return GRAINS[rule.frequency]


def default_grain(rule: Rule) -> str:
    """A measure is charted at its own frequency unless asked otherwise."""
    return grains(rule)[0]


def chart_end(period: Period, grain: str) -> Period:
    """The last period of the grain to chart for a chosen period: Q2's last month, or the last complete year."""
    if grain == MONTH:
        return period.months()[-1]
    if grain == QUARTER:
        return period.quarters()[-1] if period.kind == YEAR else period.widen(QUARTER)
    return period.widen(YEAR) if period.is_year_end() else period.widen(YEAR).previous()


def trend(rule: Rule, values: dict, targets: dict, period: Period, grain: str | None = None) -> tuple[list, list]:
    """`series` rows for the chart window, trimmed to the first value, and last year's value per row."""
    grain = grain if grain in grains(rule) else default_grain(rule)
    last = chart_end(period, grain)
    rows = series(rule, values, targets, last.shift(1 - WINDOW[grain]), last)
    while rows and rows[0]["value"] is None:
        rows.pop(0)
    last_year = [value_for(rule, values, r["period"].same_period_last_year()) for r in rows]
    return rows, last_year


SORT_KEY = attrgetter("sort_key")
SPC_IMPROVEMENT = {Polarity.HIGHER: "increase", Polarity.LOWER: "decrease", Polarity.NONE: "neutral"}


@functools.lru_cache(maxsize=256)
def _span(first: Period, last: Period) -> tuple[tuple[Period, ...], tuple[str, ...], tuple]:
    """(periods, labels, start dates) from first to last: most measures share a span, so it is built once."""
    periods, p = [], first
    while not last < p:
        periods.append(p)
        p = p.shift(1)
    return tuple(periods), tuple(p.label for p in periods), tuple(p.start for p in periods)


def spc_series(rule: Rule, values: dict, targets: dict, period: Period) -> dict:
    """The measure's whole history at its own frequency up to the chosen period, ready for `spc.xmr`:
    labels, values, dates (period starts), improvement, and the latest target."""
    own = default_grain(rule)
    last = chart_end(period, own)
    end = last.sort_key
    first = min((p for p in values if p.kind == own and p.sort_key <= end), key=SORT_KEY, default=None)
    if first is None:
        return {"labels": [], "values": [], "dates": [], "improvement": SPC_IMPROVEMENT[rule.polarity],
                "target": None}
    periods, labels, dates = _span(first, last)
    # Only the latest target matters to SPC, so no target or status is worked out for the other rows.
    return {"labels": list(labels), "values": [value_for(rule, values, p) for p in periods], "dates": list(dates),
            "improvement": SPC_IMPROVEMENT[rule.polarity],
            "target": target_for(rule, targets, last) if rule.kind is Kind.TARGET else None}


def spc_chart(rule: Rule, values: dict, targets: dict, period: Period, rebase=()) -> tuple[dict, dict]:
    """(spc_series, spc.xmr result judged by change.judge): the one SPC chart of a measure that its page, the
    exceptions report, the cards and the matrix all judge, rebasing at the measure's process changes, with any
    sustained change in the latest points and an assurance that never contradicts them."""
    history = spc_series(rule, values, targets, period)
    result = spc.xmr(history["values"], history["dates"], history["improvement"], history["target"],
                     rebase=list(rebase))
    return history, judged(history, result)


def judged(history: dict, result: dict) -> dict:
    """`change.judge` of the xmr result of a `spc_series`, naming its periods (also for many charts at once)."""
    names = {d.isoformat(): Period.parse(label).name for d, label in zip(history["dates"], history["labels"])}
    return change.judge(result, names)
