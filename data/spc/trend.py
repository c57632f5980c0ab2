"""Which periods a measure's trend chart shows, at which grain: pure, over `data.performance.assess` rules."""

from __future__ import annotations

from data.spc import change
from data.spc import xmr as spc
from data.performance.assess import Frequency, Rule, series, value_for
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


SPC_IMPROVEMENT = {Polarity.HIGHER: "increase", Polarity.LOWER: "decrease", Polarity.NONE: "neutral"}


def spc_series(rule: Rule, values: dict, targets: dict, period: Period) -> dict:
    """The measure's whole history at its own frequency up to the chosen period, ready for `spc.xmr`:
    labels, values, dates (period starts), improvement, and the latest target."""
    own = default_grain(rule)
    last = chart_end(period, own)
    known = sorted(p for p in values if p.kind == own and not last < p)
    if not known:
        return {"labels": [], "values": [], "dates": [], "improvement": SPC_IMPROVEMENT[rule.polarity],
                "target": None}
    rows = series(rule, values, targets, known[0], last)
    return {"labels": [r["label"] for r in rows], "values": [r["value"] for r in rows],
            "dates": [r["start"] for r in rows], "improvement": SPC_IMPROVEMENT[rule.polarity],
            "target": rows[-1]["target"]}


def spc_chart(rule: Rule, values: dict, targets: dict, period: Period, rebase=()) -> tuple[dict, dict]:
    """(spc_series, spc.xmr result judged by change.judge): the one SPC chart of a measure that its page, the
    exceptions report, the cards and the matrix all judge, rebasing at the measure's process changes, with any
    sustained change in the latest points and an assurance that never contradicts them."""
    history = spc_series(rule, values, targets, period)
    result = spc.xmr(history["values"], history["dates"], history["improvement"], history["target"],
                     rebase=list(rebase))
    names = {d.isoformat(): Period.parse(label).name for d, label in zip(history["dates"], history["labels"])}
    return history, change.judge(result, names)
