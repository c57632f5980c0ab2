"""Every word the dashboard says about SPC, in one table: NHS England's "Making Data Count" icons in words, the
matrix groups, the short forms for cards and table cells, the symbols that carry them without colour, and the
phrases of the plain-English sentence. The narrative, the pages, the matrix and the exceptions report all read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from data.spc import xmr as spc


@dataclass(frozen=True)
class Words:
    """How one variation or assurance icon is said: its matrix group, in full beside the icon, short on a card or
    in a table cell, and a text symbol."""

    group: str | None
    long: str
    short: str
    symbol: str


VARIATION = {
    "common_cause": Words("Common cause", "Common cause variation: no significant change", "Common cause", "→"),
    "improvement_high": Words("Improvement", "Special cause variation: improvement (higher figures)",
                              "Improvement (high)", "↗"),
    "improvement_low": Words("Improvement", "Special cause variation: improvement (lower figures)",
                             "Improvement (low)", "↘"),
    "concern_high": Words("Concern", "Special cause variation: concern (higher figures)", "Concern (high)", "↗"),
    "concern_low": Words("Concern", "Special cause variation: concern (lower figures)", "Concern (low)", "↘"),
    "neutral_high": Words("Neutral", "Special cause variation: higher figures (neither better nor worse)",
                          "Neutral (high)", "↗"),
    "neutral_low": Words("Neutral", "Special cause variation: lower figures (neither better nor worse)",
                         "Neutral (low)", "↘"),
    None: Words(None, "Variation: not enough figures", "Too few points", "–"),
}
# `recalculate` and `unconfirmed` are ours, not the reference's: assurance from limits that no longer describe the
# latest figures is not given (data.spc.change), so no icon says "will meet the target" beside a figure that misses.
ASSURANCE = {
    "consistent_pass": Words("Passing", "Assurance: will consistently meet the target", "Passing", "✔"),
    "consistent_fail": Words("Failing", "Assurance: will consistently miss the target", "Failing", "✖"),
    "inconsistent": Words("Hit and miss", "Assurance: will hit and miss the target by chance", "Hit and miss", "↕"),
    "recalculate": Words("Not valid", "Assurance: not valid: the process has changed; limits need recalculating",
                         "Limits out of date", "⟳"),
    "unconfirmed": Words("Not valid", "Assurance: not valid while the latest figure is outside the process limits",
                         "Not confirmed", "?"),
    None: Words("No target", "Assurance: no target to assure against", "No target", "–"),
}
# On a card, when SPC makes no judgement at all (too few points), neither is there an assurance to speak of.
UNJUDGED = Words(None, "Too few points for SPC", "Too few points for SPC", "–")
NO_ASSURANCE = Words(None, "No assurance judgement", "No assurance judgement", "–")

VARIATION_ORDER = ("Improvement", "Common cause", "Concern", "Neutral")
ASSURANCE_ORDER = ("Passing", "Hit and miss", "Failing", "Not valid", "No target")

# The sentence a measure page leads with: `Deteriorating: a run of 9 months above the average; ...`.
HEADLINE = {spc.IMPROVEMENT_TYPE: "Improving", spc.CONCERN_TYPE: "Deteriorating",
            spc.NEUTRAL_HIGH: "Changed", spc.NEUTRAL_LOW: "Changed", spc.COMMON_CAUSE: "No significant change"}
ASSURANCE_SENTENCE = {
    "consistent_pass": "reliably meeting the {target} target",
    "consistent_fail": "will not meet the {target} target unless the process changes",
    "inconsistent": "not yet reliably meeting the {target} target",
    "recalculate": "the process has changed, so the old limits cannot assure the {target} target: limits need "
                   "recalculating",
    "unconfirmed": "the latest figure is outside the process limits, so they cannot yet assure the {target} target",
}
CHANGE = {"shift": "a run of {n} {plural} {side} the average since {start}",
          "trend": "{n} {plural} in a row each {side} than the last, since {start}"}
CHANGE_SIDE = {("shift", "higher"): "above", ("shift", "lower"): "below",
               ("trend", "higher"): "higher", ("trend", "lower"): "lower"}
REBASE_SUGGESTION = ("The process has changed; limits need recalculating. Suggested: recalculate the limits from "
                     "{start}, where the {kind} began ({reason}).")
EXCEPTION_FAILING = "Failing assurance: will consistently miss the target"
EXCEPTION_CHANGED = "The process has changed for the worse: limits need recalculating"


def variation(icon) -> Words:
    return VARIATION[icon if isinstance(icon, str) else None]


def assurance(icon) -> Words:
    return ASSURANCE[icon if isinstance(icon, str) else None]


def slug(group: str) -> str:
    """`Hit and miss` -> `hit-and-miss`, as the URL carries an SPC filter."""
    return group.lower().replace(" ", "-")
