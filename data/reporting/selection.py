"""What a page with filters shows, worked out once from its results: the rows the filters choose, their counts and
headline, the roll-ups and the SPC matrix with links that keep the other filters, and what needs attention. The
pages only draw a `Selection`; every link, count and sentence is decided here."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.core.periods import Period
from data.performance import summary
from data.reporting import views


@dataclass
class SpcMatrix:
    """views.spc_matrix of the measures in scope (every filter but variation and assurance), each count with the
    link that lists those measures."""
    rows: list[dict]          # {"group", "slug", "cells": [{"group", "slug", "count", "href", "current"}], total...}
    totals: list[dict]        # the assurance columns' totals, each with its href
    total: int
    unjudged: int             # measures with too few points for SPC
    back_href: str | None     # "every measure again", when a variation or assurance filter is on


@dataclass
class Selection:
    period: Period
    filters: views.Filters   # as the URL carries them ("" period for the default one)
    path: str                # the page's own path, "/" or "/directorate/<slug>"
    shown: pd.DataFrame      # the rows the filters choose
    period_query: str        # `?period=...` for links to other pages ("" for the default period)
    headline: str
    counts: dict[str, int]
    described: str           # the active filters in words, for "no measures match ..."
    clear_href: str          # the page with no filter but the period
    spc: SpcMatrix | None    # None when no measure is in scope
    context: pd.DataFrame | None = None   # the context indicators the filters choose, shown apart, never counted

    @property
    def empty(self) -> bool:
        return self.shown.empty

    def records(self) -> list[dict]:
        return self.shown.to_dict("records")

    def attention(self) -> list[dict]:
        """Measures below target or worse than both the previous period and last year, worst first."""
        return views.needs_attention(self.shown).to_dict("records")

    def in_spc_group(self) -> list[dict] | None:
        """The measures a variation/assurance filter lists (the matrix's links lead here), worst first."""
        if not (self.filters.variation or self.filters.assurance):
            return None
        return self.shown.sort_values(["severity", "directorate", "code"]).to_dict("records")

    def spc_group_words(self) -> str:
        return views.describe(views.Filters(variation=self.filters.variation, assurance=self.filters.assurance), {})

    def by_directorate(self, names: pd.DataFrame) -> list[dict]:
        """Status counts per directorate with measures shown, each linking to its page with the other filters."""
        query = self.filters.with_(directorate="").to_search()
        return [{**row, "href": f"/directorate/{row['slug']}{query}"}
                for row in views.status_matrix(self.shown, "directorate_slug", names) if row["total"]]

    def by_priority(self, names: pd.DataFrame) -> list[dict]:
        """Status counts per council priority, each linking to this page filtered to it."""
        return [{**row, "href": self.path + self.filters.with_(priority=row["slug"]).to_search()}
                for row in views.status_matrix(self.shown, "priority_slug", names) if row["total"]]


def select(results: pd.DataFrame, filters: views.Filters, period: Period, path: str,
           names: dict[str, pd.DataFrame]) -> Selection:
    """`filters` as the URL carries them; `names` {"directorate"|"service"|"priority": frame of slug and name}.
    Context indicators are left out of the rows, counts, headline and matrix, and listed apart (`context`)."""
    context = views.apply(summary.context(results), filters.with_(status="", variation="", assurance=""))
    results = summary.own(results)
    shown = views.apply(results, filters)
    period_query = views.Filters(period=filters.period).to_search()
    return Selection(
        period=period, filters=filters, path=path, shown=shown, period_query=period_query,
        headline=(f"{period.name}. {summary.headline(shown)}" if len(shown)
                  else f"{period.name}: no measures match these filters."),
        counts=summary.counts(shown),
        described=views.describe(filters, {k: dict(zip(v["slug"], v["name"])) for k, v in names.items()}),
        clear_href=path + period_query, spc=spc_matrix(results, filters, path), context=context)


def spc_matrix(results: pd.DataFrame, filters: views.Filters, path: str) -> SpcMatrix | None:
    in_scope = views.apply(results, filters.with_(variation="", assurance=""))
    if in_scope.empty:
        return None
    spc = views.spc_matrix(in_scope)
    selected = (filters.variation, filters.assurance)

    def cell(entry: dict, variation: str, assurance: str) -> dict:
        return {**entry, "href": path + filters.with_(variation=variation, assurance=assurance).to_search(),
                "current": (variation, assurance) == selected}
    rows = [{**row, "cells": [cell(c, row["slug"], c["slug"]) for c in row["cells"]],
             "all": cell({"count": row["total"]}, row["slug"], "")} for row in spc["rows"]]
    totals = [cell(c, "", c["slug"]) for c in spc["totals"]]
    back = path + filters.with_(variation="", assurance="").to_search() if any(selected) else None
    return SpcMatrix(rows, totals, spc["total"], spc["unjudged"], back)
