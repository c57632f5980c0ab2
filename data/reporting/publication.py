"""Before a period is published: what the public will see of it (the public view's figures, with officer names as
the council shows them to the public), and the quarters published or waiting for their embargo."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection

from data.core import loaders
from data.core.periods import Period, PeriodError
from data.people import access
from data.performance import summary


@dataclass
class Preview:
    period: Period
    results: pd.DataFrame      # summary.RESULT_COLUMNS, as the public would see them
    headline: str
    counts: dict[str, int]
    already_public: bool       # every quarter of it is public now


def publishable(label: str | None) -> Period:
    """A quarter or a year; a ValueError with a sentence otherwise."""
    try:
        period = Period.parse(label)
    except (PeriodError, TypeError):
        raise ValueError(f"{label!r} is not a quarter or year such as 2026/27 Q2 or 2025/26") from None
    if period.kind not in ("quarter", "year"):
        raise ValueError("publish a quarter or a year, not a month")
    return period


def preview(conn: Connection, label: str) -> Preview:
    """The public's figures for the period once it is published (the quarters public now, plus this one's)."""
    period = publishable(label)
    public = access.Viewer(may_see_names=access.council_setting(conn, "show_officer_names") == "1")
    now_public = access.published_quarters(conn)
    measures = access.hide_names(loaders.measures(conn), public)
    figures = access.figures(conn, measures["id"], public, published=now_public | set(period.quarters()))
    results = summary.own(summary.evaluate(measures, figures, period))    # context indicators: never counted
    return Preview(period, results, summary.headline(results), summary.counts(results),
                   set(period.quarters()) <= now_public)


def candidates(conn: Connection) -> list[Period]:
    """Quarters and years holding approved figures, newest first (what may be published)."""
    return loaders.periods_with_data(conn)
