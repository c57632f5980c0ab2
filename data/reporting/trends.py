"""The recent series a directorate's cards and trend charts draw: per measure, its last periods at the grain its
frequency suits, with target, tolerance edge and status (assess.series)."""

from __future__ import annotations

import pandas as pd

from data.core.periods import Period
from data.reporting import views

SPARK = {"monthly": ("month", 12), "quarterly": ("quarter", 8), "annual": ("year", 5)}
TREND_QUARTERS = 8
MONTHLY_MONTHS = 24


def sparklines(shown: pd.DataFrame, measures: pd.DataFrame, figures: dict, period: Period) -> dict[int, list[dict]]:
    """{measure id: its last 12 months, 8 quarters or 5 years up to the period}."""
    rules = measures.set_index("id").to_dict("index")
    out = {}
    for r in shown.to_dict("records"):
        kind, count = SPARK[r["frequency"]]
        out[r["id"]] = views.recent_series(rules[r["id"]], *figures[r["id"]], period, kind, count)
    return out


def panels(shown: pd.DataFrame, measures: pd.DataFrame, figures: dict, period: Period, kind: str, count: int,
           frequencies: tuple[str, ...]) -> list[dict]:
    """One small-multiple panel per measure of these frequencies: {"title", "unit", "decimals", "service", "rows"}."""
    rules = measures.set_index("id").to_dict("index")
    return [{"title": f"{r['code']} {r['title']}", "unit": r["unit"], "decimals": r["decimals"],
             "service": r["service"],
             "rows": views.recent_series(rules[r["id"]], *figures[r["id"]], period, kind, count)}
            for r in shown.to_dict("records") if r["frequency"] in frequencies]


def quarterly_panels(shown, measures, figures, period) -> list[dict]:
    return panels(shown, measures, figures, period, "quarter", TREND_QUARTERS, ("monthly", "quarterly"))


def monthly_panels(shown, measures, figures, period) -> dict[str, list[dict]]:
    """The monthly measures' last 24 months, per service (in service order)."""
    found = panels(shown, measures, figures, period, "month", MONTHLY_MONTHS, ("monthly",))
    return {s: [p for p in found if p["service"] == s] for s in sorted({p["service"] for p in found})}
