"""SPC for many measures at once: each measure's variation and assurance icons at a period, and the
variation x assurance matrix the overview and directorate pages show. Pure, over `data.performance.assess` and `data.spc.xmr`.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from data.spc import narrative, trend
from data.spc import xmr as spc
from data.performance.assess import Frequency, Rule
from data.core.periods import Period

MIN_POINTS = 6   # fewer observed points than this: no SPC judgement on cards and in the matrix
VARIATION_GROUPS = {"common_cause": "Common cause", "improvement_high": "Improvement", "improvement_low": "Improvement",
                    "concern_high": "Concern", "concern_low": "Concern", "neutral_high": "Neutral",
                    "neutral_low": "Neutral"}
ASSURANCE_GROUPS = {"consistent_pass": "Passing", "consistent_fail": "Failing", "inconsistent": "Hit and miss",
                    None: "No target"}


def measure_spc(rule: Rule, values: dict, targets: dict, period: Period, rebase=()) -> dict | None:
    """`spc.xmr` over the measure's whole history at its own frequency up to the period, exactly as the measure
    page draws it (rebasing at process changes); None for annual measures or too few points to judge."""
    if rule.frequency is Frequency.ANNUAL:
        return None
    history, chart = trend.spc_chart(rule, values, targets, period, rebase)
    return chart if sum(v is not None for v in history["values"]) >= MIN_POINTS else None


def icons(measures: pd.DataFrame, figures: dict, period: Period, rebases: dict | None = None) -> pd.DataFrame:
    """code, variation_icon, assurance_icon (None where SPC says nothing) and the plain-English `narrative`
    sentence the measure page leads with, for each measure: `measure_spc` of every measure, in one `xmr_many`."""
    judged, charts = [], []
    for m in measures.to_dict("records"):
        rule = Rule.of(m)
        if rule.frequency is Frequency.ANNUAL:
            continue
        history = trend.spc_series(rule, *figures.get(m["id"], ({}, {})), period)
        if sum(v is not None for v in history["values"]) >= MIN_POINTS:
            judged.append((m, rule))
            charts.append({"values": history["values"], "dates": history["dates"],
                           "improvement": history["improvement"], "target": history["target"],
                           "rebase": list((rebases or {}).get(m["id"], ()))})
    found = {}
    for (m, rule), result in zip(judged, spc.xmr_many(charts)):
        found[m["code"]] = {"variation_icon": result["variation_icon"], "assurance_icon": result["assurance_icon"],
                            "narrative": narrative.describe(result, unit=m["unit"], decimals=int(m["decimals"] or 0),
                                                            period=trend.default_grain(rule))}
    rows = [{"code": code, **found.get(code, {"variation_icon": None, "assurance_icon": None, "narrative": None})}
            for code in measures["code"]]
    return pd.DataFrame(rows, columns=["code", "variation_icon", "assurance_icon", "narrative"])


VARIATION_ROWS = ["Improvement", "Common cause", "Concern", "Neutral"]
ASSURANCE_COLUMNS = ["Passing", "Hit and miss", "Failing", "No target"]


def matrix(spc_icons: pd.DataFrame) -> pd.DataFrame:
    """Counts of measures by variation group (rows) x assurance group (columns), every cell present."""
    judged = spc_icons.dropna(subset=["variation_icon"])
    counts = Counter(zip(judged["variation_icon"].map(VARIATION_GROUPS),
                         (ASSURANCE_GROUPS.get(a, "No target") for a in judged["assurance_icon"])))
    return pd.DataFrame([[counts[(row, column)] for column in ASSURANCE_COLUMNS] for row in VARIATION_ROWS],
                        index=pd.Index(VARIATION_ROWS, name="variation"),
                        columns=pd.Index(ASSURANCE_COLUMNS, name="assurance"), dtype="int64")
