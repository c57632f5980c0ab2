"""SPC for many measures at once: each measure's variation and assurance icons at a period, and the
variation x assurance matrix the overview and directorate pages show. Pure, over `data.performance.assess` and `data.spc.xmr`.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from data.spc import narrative, trend, wording
from data.spc import xmr as spc
from data.performance.assess import Frequency, Rule
from data.core.periods import Period
from data.performance.formatting import shown_decimals

MIN_POINTS = 6   # fewer observed points than this: no SPC judgement on cards and in the matrix
VARIATION_GROUPS = {k: w.group for k, w in wording.VARIATION.items() if k is not None}
ASSURANCE_GROUPS = {k: w.group for k, w in wording.ASSURANCE.items()}


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
            judged.append((m, rule, history))
            charts.append({"values": history["values"], "dates": history["dates"],
                           "improvement": history["improvement"], "target": history["target"],
                           "rebase": list((rebases or {}).get(m["id"], ()))})
    found = {}
    for (m, rule, history), raw in zip(judged, spc.xmr_many(charts)):
        result = trend.judged(history, raw)
        values, targets = figures.get(m["id"], ({}, {}))
        found[m["code"]] = {"variation_icon": result["variation_icon"], "assurance_icon": result["assurance_icon"],
                            "narrative": narrative.describe(result, unit=m["unit"],
                                                            decimals=shown_decimals(m["decimals"], values, targets),
                                                            period=trend.default_grain(rule))}
    rows = [{"code": code, **found.get(code, {"variation_icon": None, "assurance_icon": None, "narrative": None})}
            for code in measures["code"]]
    return pd.DataFrame(rows, columns=["code", "variation_icon", "assurance_icon", "narrative"])


def matrix(spc_icons: pd.DataFrame) -> pd.DataFrame:
    """Counts of measures by variation group (rows) x assurance group (columns), every cell present."""
    judged = spc_icons.dropna(subset=["variation_icon"])
    counts = Counter(zip(judged["variation_icon"].map(VARIATION_GROUPS),
                         (ASSURANCE_GROUPS.get(a, "No target") for a in judged["assurance_icon"])))
    return pd.DataFrame([[counts[(row, column)] for column in wording.ASSURANCE_ORDER]
                         for row in wording.VARIATION_ORDER],
                        index=pd.Index(list(wording.VARIATION_ORDER), name="variation"),
                        columns=pd.Index(list(wording.ASSURANCE_ORDER), name="assurance"), dtype="int64")
