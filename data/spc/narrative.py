"""A plain-English sentence per measure, built from its SPC chart: what the process is doing and whether
it will meet its target. `Improving: a run of 8 months above the average; not yet reliably meeting the 95%
target.` The words come from data.spc.wording."""

from __future__ import annotations

from data.performance.formatting import format_value
from data.spc import wording

PLURAL = {"month": "months", "quarter": "quarters", "year": "years"}
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
    change = result.get("change")
    if change is not None:  # a sustained change says more than its latest point
        side = wording.CHANGE_SIDE[(change["kind"], change["direction"])]
        return wording.CHANGE[change["kind"]].format(n=change["points"], plural=plural, side=side,
                                                     start=change["label"])
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
    """One sentence from an `spc.xmr` result (judged by data.spc.change); `period` names the measure's frequency
    (`month`, `quarter`)."""
    observed = _observed(result)
    if len(observed) < MIN_POINTS:
        return f"Too few figures for a statistical view ({len(observed)} so far)."
    point_type = result["point_type"][observed[-1]]
    sentence = f"{wording.HEADLINE[point_type]}: {_reason(result, unit, decimals, period)}"
    assurance = wording.ASSURANCE_SENTENCE.get(result.get("assurance_icon"))
    if assurance and result.get("target") is not None:
        sentence += "; " + assurance.format(target=format_value(result["target"], unit, decimals))
    return sentence + "."


def rebase_suggestion(result: dict, period: str = "month") -> str | None:
    """`The process has changed; limits need recalculating. Suggested: recalculate the limits from 2026-01, where
    the shift began (a run of 9 months above the average since 2026-01).`; None without a sustained change."""
    change = result.get("change")
    if change is None:
        return None
    side = wording.CHANGE_SIDE[(change["kind"], change["direction"])]
    reason = wording.CHANGE[change["kind"]].format(n=change["points"], plural=PLURAL.get(period, period + "s"),
                                                   side=side, start=change["label"])
    return wording.REBASE_SUGGESTION.format(start=change["label"], kind=change["kind"], reason=reason)
