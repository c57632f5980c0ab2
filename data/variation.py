"""SPC for many measures at once: each measure's variation and assurance icons at a period, and the
variation x assurance matrix the overview and directorate pages show. Pure, over `data.assess` and `data.spc`.
"""

from __future__ import annotations

import pandas as pd

from data import spc
from data.assess import Frequency, Kind, Rule, effective_period, target_for, value_for
from data.periods import MONTH, QUARTER, Period
from data.status import Polarity

HISTORY = {MONTH: 36, QUARTER: 16}   # points an SPC chart looks back over
MIN_POINTS = 6                        # fewer observed points than this: no SPC judgement at all
IMPROVEMENT = {Polarity.HIGHER: "increase", Polarity.LOWER: "decrease", Polarity.NONE: "neutral"}
VARIATION_LABELS = {
    "common_cause": "Common cause variation",
    "improvement_high": "Special cause improvement (high)",
    "improvement_low": "Special cause improvement (low)",
    "concern_high": "Special cause concern (high)",
    "concern_low": "Special cause concern (low)",
    "neutral_high": "Special cause, neither better nor worse (high)",
    "neutral_low": "Special cause, neither better nor worse (low)",
}
ASSURANCE_LABELS = {
    "consistent_pass": "Consistently passing the target",
    "consistent_fail": "Consistently failing the target",
    "inconsistent": "Hit and miss: the target may or may not be met",
    None: "No assurance: no target or no judgement",
}
VARIATION_GROUPS = {"common_cause": "Common cause", "improvement_high": "Improvement", "improvement_low": "Improvement",
                    "concern_high": "Concern", "concern_low": "Concern", "neutral_high": "Neutral",
                    "neutral_low": "Neutral"}
ASSURANCE_GROUPS = {"consistent_pass": "Passing", "consistent_fail": "Failing", "inconsistent": "Hit and miss",
                    None: "No target"}


def spc_window(rule: Rule, period: Period) -> list[Period]:
    """The measure's own periods (months or quarters) the SPC chart covers, ending at the chosen period."""
    end = effective_period(period, rule.frequency)
    if end is None or rule.frequency is Frequency.ANNUAL:
        return []
    end = end.months()[-1] if rule.frequency is Frequency.MONTHLY else end.quarters()[-1]
    n = HISTORY[end.kind]
    return [end.shift(i) for i in range(-n + 1, 1)]


def measure_spc(rule: Rule, values: dict, targets: dict, period: Period, rebase=()) -> dict | None:
    """`spc.xmr` over the measure's window, with the period's target; None when too few points."""
    window = spc_window(rule, period)
    points = [(p, value_for(rule, values, p)) for p in window]
    if sum(v is not None for _, v in points) < MIN_POINTS:
        return None
    target = target_for(rule, targets, window[-1]) if rule.kind is Kind.TARGET else None
    improvement = IMPROVEMENT[rule.polarity] if rule.kind is Kind.TARGET else "neutral"
    first = window[0].start.isoformat()
    rebase = [r for r in rebase if (r["date"] if isinstance(r, dict) else str(r)) > first]
    return spc.xmr([v for _, v in points], [p.start.isoformat() for p, _ in points], improvement=improvement,
                   target=target, rebase=rebase)


def icons(measures: pd.DataFrame, figures: dict, period: Period, rebases: dict | None = None) -> pd.DataFrame:
    """code, variation_icon, assurance_icon (None where SPC says nothing) for each measure."""
    rows = []
    for m in measures.to_dict("records"):
        values, targets = figures.get(m["id"], ({}, {}))
        result = measure_spc(Rule.of(m), values, targets, period, (rebases or {}).get(m["id"], ()))
        rows.append({"code": m["code"], "variation_icon": result["variation_icon"] if result else None,
                     "assurance_icon": result["assurance_icon"] if result else None})
    return pd.DataFrame(rows, columns=["code", "variation_icon", "assurance_icon"])


def matrix(spc_icons: pd.DataFrame) -> pd.DataFrame:
    """Counts of measures by variation group (rows) x assurance group (columns), every cell present."""
    judged = spc_icons.dropna(subset=["variation_icon"])
    rows = pd.Categorical(judged["variation_icon"].map(VARIATION_GROUPS),
                          categories=["Improvement", "Common cause", "Concern", "Neutral"])
    cols = pd.Categorical(judged["assurance_icon"].map(lambda a: ASSURANCE_GROUPS.get(a, "No target")),
                          categories=["Passing", "Hit and miss", "Failing", "No target"])
    return pd.crosstab(rows, cols, dropna=False).rename_axis(index="variation", columns="assurance")
