"""Every measure of the council (or of one directorate) evaluated for a period, as a viewer may see it, and the
period a page opens on. Shared by the overview, the directorate page and the reports.

The whole council is loaded and evaluated once per change of data (`data.core.cache`, keyed by the data
version and the viewer's scope); a directorate is a slice of it, so a filter change computes nothing.
"""

from __future__ import annotations

import pandas as pd

from data.core import cache, loaders
from data.people import access
from data.performance import summary
from data.reporting import views
from data.spc import variation


def scope(conn, viewer: access.Viewer) -> tuple:
    """Everything about the viewer that changes what a page shows, for cache keys: role, whether names show, and
    the published quarters they see ("all" for officers, who also see periods not yet published)."""
    published = (tuple(p.label for p in sorted(access.published_quarters(conn))) if viewer.published_only
                 else ("all",))
    return viewer.role, viewer.may_see_names, published


def catalogue(conn, viewer: access.Viewer, viewer_scope: tuple | None = None) -> tuple[pd.DataFrame, dict, dict]:
    """(measures, figures, process changes) of the whole council as the viewer may see them, in three queries."""
    def load():
        measures = access.hide_names(loaders.measures(conn), viewer)
        return (measures, access.figures(conn, measures["id"], viewer),
                loaders.process_changes_of(conn, measures["id"]))
    return cache.get_or_compute(conn, "catalogue", viewer_scope or scope(conn, viewer), load)


def evaluate(conn, period, viewer: access.Viewer, directorate: str | None = None):
    """(results, measures, figures) for every measure (of one directorate) in the period, as the viewer may see
    them (`access.figures`: approved values of published periods; owner names hidden as the council says);
    results are summary.RESULT_COLUMNS plus the SPC variation_icon, assurance_icon and narrative. The key carries
    the viewer's scope, so one viewer's figures are never served to another."""
    viewer_scope = scope(conn, viewer)
    measures, figures, rebases = catalogue(conn, viewer, viewer_scope)

    def compute():
        icons = variation.icons(measures, figures, period, rebases)
        return summary.evaluate(measures, figures, period).merge(icons, on="code", how="left", validate="1:1")
    results = cache.get_or_compute(conn, "evaluate", (period.label, *viewer_scope), compute)
    if not directorate:
        return results, measures, figures
    return (_slice(results, directorate), _slice(measures, directorate),
            {i: figures[i] for i in measures["id"][measures["directorate_slug"] == directorate]})


def _slice(frame: pd.DataFrame, directorate: str) -> pd.DataFrame:
    return frame[frame["directorate_slug"] == directorate].reset_index(drop=True)


def visible_periods(conn, viewer: access.Viewer) -> list:
    """`access.visible_periods`, kept per change of data (it reads every stored value's period)."""
    return cache.get_or_compute(conn, "periods", (viewer.published_only,),
                                lambda: access.visible_periods(conn, viewer))


def resolve_period(conn, label: str | None, viewer: access.Viewer):
    """(period asked for or the latest quarter, its label as the URL should carry it), among the periods the viewer
    may see: a period not yet published, asked for by URL, gives the newest published quarter instead."""
    available = visible_periods(conn, viewer)
    latest = views.latest_quarter(available)
    period = views.choose_period(label, available, latest)
    return period, ("" if period == latest else period.label)
