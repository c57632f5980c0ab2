"""Every measure of the council (or of one directorate) evaluated for a period, as a viewer may see it, and the
period a page opens on. Shared by the overview, the directorate page and the reports."""

from __future__ import annotations

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


def evaluate(conn, period, viewer: access.Viewer, directorate: str | None = None):
    """(results, measures, figures) for every measure (of one directorate) in the period, as the viewer may see
    them (`access.figures`: approved values of published periods; owner names hidden as the council says);
    results are summary.RESULT_COLUMNS plus the SPC variation_icon, assurance_icon and narrative. Shared across workers
    through data.core.cache when Redis is configured, so a filter change pays for neither twice; the key carries the
    viewer's scope, so one viewer's figures are never served to another."""
    def compute():
        measures = access.hide_names(loaders.measures(conn, directorate=directorate), viewer)
        figures = access.figures(conn, measures["id"], viewer)
        rebases = {int(i): loaders.process_changes(conn, int(i)) for i in measures["id"]}
        icons = variation.icons(measures, figures, period, rebases)
        results = summary.evaluate(measures, figures, period).merge(icons, on="code", how="left", validate="1:1")
        return results, measures, figures
    # "evaluate-spc-2": entries cached before the SPC and narrative columns existed must not be read back
    return cache.get_or_compute(conn, "evaluate-spc-2", (period.label, directorate, *scope(conn, viewer)), compute)


def resolve_period(conn, label: str | None, viewer: access.Viewer):
    """(period asked for or the latest quarter, its label as the URL should carry it), among the periods the viewer
    may see: a period not yet published, asked for by URL, gives the newest published quarter instead."""
    available = access.visible_periods(conn, viewer)
    latest = views.latest_quarter(available)
    period = views.choose_period(label, available, latest)
    return period, ("" if period == latest else period.label)
