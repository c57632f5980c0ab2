"""A plain-English sentence per measure, built from its SPC chart: what the process is doing and whether
it will meet its target. `Improving: a run of 8 months above the average; not yet reliably meeting the 95%
target.`"""

from __future__ import annotations

from data.spc import xmr as spc
from data.performance.formatting import format_value

HEADLINE = {spc.IMPROVEMENT_TYPE: "Improving", spc.CONCERN_TYPE: "Deteriorating",
            spc.NEUTRAL_HIGH: "Changed", spc.NEUTRAL_LOW: "Changed", spc.COMMON_CAUSE: "No significant change"}
PLURAL = {"month": "months", "quarter": "quarters", "year": "years"}
ASSURANCE = {
    "consistent_pass": "reliably meeting the {target} target",
    "consistent_fail": "will not meet the {target} target unless the process changes",
    "inconsistent": "not yet reliably meeting the {target} target",
}
MIN_POINTS = 2  # a moving range needs two figures


def _observed(result: dict) -> list[int]:
    return [i for i, v in enumerate(result["value"]) if v is not None]


def _trailing(result: dict, same) -> int:
    """How many of the latest observed points in the latest segment satisfy `same(i)`, counting back."""
    points = _observed(result)
    segment = result["segment"][points[-1]]
    count = 0
    for i in reversed(points):
        if result["segment"][i] != segment or not same(i):
            break
        count += 1
    return count


def _reason(result: dict, unit: str | None, decimals: int, period: str) -> str:
    latest = _observed(result)[-1]
    label, value, mean = result["special_cause_type"][latest], result["value"][latest], result["mean"][latest]
    plural = PLURAL.get(period, period + "s")
    if label in ("Above UCL", "Below LCL"):
        where = "above the upper" if label == "Above UCL" else "below the lower"
        return f"the latest figure, {format_value(value, unit, decimals)}, is {where} process limit"
    if label.startswith("7 Point Trend"):
        n = _trailing(result, lambda i: result["special_cause_type"][i] == label)
        way = "higher" if "Increasing" in label else "lower"
        return f"a run of {n} {plural} each {way} than the last"
    if label.startswith("2 in 3"):
        where = "upper" if "Above" in label else "lower"
        return f"two of the last three {plural} are close to the {where} process limit"
    if label.startswith("7 Points"):
        above = "Above" in label
        n = _trailing(result, lambda i: (result["value"][i] > result["mean"][i]) == above
                      and result["value"][i] != result["mean"][i])
        return f"a run of {n} {plural} {'above' if above else 'below'} the average"
    return f"the figures vary around an average of {format_value(mean, unit, decimals)}"


def describe(result: dict, *, unit: str | None = None, decimals: int = 0, period: str = "month") -> str:
    """One sentence from an `spc.xmr` result; `period` names the measure's frequency (`month`, `quarter`)."""
    observed = _observed(result)
    if len(observed) < MIN_POINTS:
        return f"Too few figures for a statistical view ({len(observed)} so far)."
    point_type = result["point_type"][observed[-1]]
    sentence = f"{HEADLINE[point_type]}: {_reason(result, unit, decimals, period)}"
    assurance = ASSURANCE.get(result.get("assurance_icon"))
    if assurance and result.get("target") is not None:
        sentence += "; " + assurance.format(target=format_value(result["target"], unit, decimals))
    return sentence + "."


# Text equivalents of the "Making Data Count" icons (spc.VARIATION_ICONS and spc.ASSURANCE_ICONS).
VARIATION_WORDS = {
    "common_cause": "Common cause variation: no significant change",
    "improvement_high": "Special cause variation: improvement (higher figures)",
    "improvement_low": "Special cause variation: improvement (lower figures)",
    "concern_high": "Special cause variation: concern (higher figures)",
    "concern_low": "Special cause variation: concern (lower figures)",
    "neutral_high": "Special cause variation: higher figures (neither better nor worse)",
    "neutral_low": "Special cause variation: lower figures (neither better nor worse)",
    None: "Variation: not enough figures",
}
ASSURANCE_WORDS = {
    "consistent_pass": "Assurance: will consistently meet the target",
    "consistent_fail": "Assurance: will consistently miss the target",
    "inconsistent": "Assurance: will hit and miss the target by chance",
    None: "Assurance: no target to assure against",
}
