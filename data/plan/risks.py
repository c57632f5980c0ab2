"""Risk scores (likelihood x impact, each 1-5), their bands in words, the 5x5 matrix counted per cell, and review
dates overdue. Pure."""

from __future__ import annotations

from datetime import date

import pandas as pd

SCALE = (1, 2, 3, 4, 5)
LIKELIHOOD_WORDS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_WORDS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}
# (lowest score, band): the products of 1-5 by 1-5 are 1-6, 8-12 and 15-25, so the bands never split a cell
BANDS = ((15, "High"), (8, "Medium"), (1, "Low"))
HIGH = 15
BAND_ICONS = {"High": "bi-exclamation-octagon-fill", "Medium": "bi-exclamation-triangle", "Low": "bi-dash-circle"}
BASES = ("residual", "inherent")


def check_level(value, what: str) -> int:
    """A likelihood or impact: a whole number 1-5; ValueError saying so otherwise."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a whole number from 1 to 5, not {value!r}") from None
    if number != int(number) or not 1 <= number <= 5:
        raise ValueError(f"{what} must be a whole number from 1 to 5, not {value!r}")
    return int(number)


def score(likelihood: int, impact: int) -> int:
    return int(likelihood) * int(impact)


def band(score_: int) -> str:
    return next(name for lowest, name in BANDS if score_ >= lowest)


def review_overdue(review: date | None, today: date) -> bool:
    """A review date that has passed (the day itself is not yet overdue)."""
    return review is not None and not pd.isna(review) and review < today


def with_scores(risks: pd.DataFrame, today: date) -> pd.DataFrame:
    """A copy with inherent_score, residual_score, band (of the residual score), high and review_overdue."""
    risks = risks.copy()
    risks["inherent_score"] = [score(a, b) for a, b in zip(risks["inherent_likelihood"], risks["inherent_impact"])]
    risks["residual_score"] = [score(a, b) for a, b in zip(risks["residual_likelihood"], risks["residual_impact"])]
    risks["band"] = [band(s) for s in risks["residual_score"]] if len(risks) else []
    risks["high"] = (risks["residual_score"] >= HIGH).astype(bool)
    risks["review_overdue"] = ([review_overdue(d, today) for d in risks["review_date"]] if len(risks) else [])
    risks["review_overdue"] = risks["review_overdue"].astype(bool)
    return risks


def matrix(risks: pd.DataFrame, basis: str = "residual") -> list[dict]:
    """Rows from likelihood 5 down to 1, each {"likelihood", "words", "cells": [{"impact", "count", "score",
    "band"}]} for impact 1 to 5: the counts a 5x5 risk matrix shows."""
    basis = basis if basis in BASES else "residual"
    pairs = list(zip(risks[f"{basis}_likelihood"], risks[f"{basis}_impact"])) if len(risks) else []
    rows = []
    for likelihood in reversed(SCALE):
        cells = [{"impact": impact, "count": sum(1 for p in pairs if p == (likelihood, impact)),
                  "score": score(likelihood, impact), "band": band(score(likelihood, impact))} for impact in SCALE]
        rows.append({"likelihood": likelihood, "words": LIKELIHOOD_WORDS[likelihood], "cells": cells})
    return rows


def in_cell(risks: pd.DataFrame, likelihood: int | None, impact: int | None, basis: str = "residual"):
    """The risks of one cell (or one row or column of it, where the other is None)."""
    basis = basis if basis in BASES else "residual"
    keep = pd.Series(True, index=risks.index)
    if likelihood:
        keep &= risks[f"{basis}_likelihood"] == int(likelihood)
    if impact:
        keep &= risks[f"{basis}_impact"] == int(impact)
    return risks[keep]


def sentence(risks: pd.DataFrame) -> str:
    """`15 risks: 4 high, 7 medium and 4 low (residual scores); 2 are past their review date.`"""
    if risks.empty:
        return "No risks."
    parts = [f"{int((risks['band'] == name).sum())} {name.lower()}" for _, name in BANDS]
    text = f"{len(risks)} risk{'s' if len(risks) != 1 else ''}: " + ", ".join(parts[:-1]) + " and " + parts[-1]
    late = int(risks["review_overdue"].sum())
    if late:
        text += f" (residual scores); {late} {'is' if late == 1 else 'are'} past the review date"
    else:
        text += " (residual scores)"
    return text + "."
