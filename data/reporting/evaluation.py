"""Every measure of the council (or of one directorate) evaluated for a period, as a viewer may see it, and the
period a page opens on. Shared by the overview, the directorate page and the reports.

The whole council is loaded and evaluated once per change of data (`data.core.cache`, keyed by the data
version and the viewer's scope); a directorate is a slice of it, so a filter change computes nothing.
"""

from __future__ import annotations

import weakref

import pandas as pd

from data.core import cache, clock, loaders
from data.core.periods import Period
from data.people import access
from data.performance import summary
from data.reporting import choice as choices
from data.reporting import trends
from data.spc import variation


# The scope a connection (one request's) has worked out per viewer: read once, like the data version.
_scopes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def scope(conn, viewer: access.Viewer) -> tuple:
    """Everything about the viewer that changes what a page shows, for cache keys: role, whether names show, and
    the published quarters they see ("all" for officers, who also see periods not yet published). Worked out once
    per connection and viewer."""
    known = _scopes.setdefault(conn, {})
    if viewer not in known:
        published = (tuple(p.label for p in sorted(access.published_quarters(conn))) if viewer.published_only
                     else ("all",))
        known[viewer] = (viewer.role, viewer.may_see_names, published)
    return known[viewer]


def catalogue(conn, viewer: access.Viewer, viewer_scope: tuple | None = None) -> tuple[pd.DataFrame, dict, dict]:
    """(measures, figures, process changes) of the whole council as the viewer may see them, in three queries."""
    def load():
        measures = access.hide_names(loaders.measures(conn), viewer)
        return (measures, access.figures(conn, measures["id"], viewer),
                loaders.process_changes_of(conn, measures["id"]))
    return cache.get_or_compute(conn, "catalogue", viewer_scope or scope(conn, viewer), load)


def evaluate(conn, period: choices.Choice | Period, viewer: access.Viewer, directorate: str | None = None):
    """(results, measures, figures) for every measure (of one directorate) in the period, as the viewer may see
    them (`access.figures`: approved values of published periods; owner names hidden as the council says);
    results are summary.RESULT_COLUMNS plus the SPC variation_icon, assurance_icon and narrative. A year under way
    (a Choice with `through`) is judged to date. The key carries the viewer's scope, so one viewer's figures are
    never served to another."""
    chosen = period if isinstance(period, choices.Choice) else choices.Choice(period)
    viewer_scope = scope(conn, viewer)
    measures, figures, rebases = catalogue(conn, viewer, viewer_scope)

    def compute():
        icons = variation.icons(measures, figures, chosen.judged, rebases)
        results = summary.evaluate(measures, figures, chosen.period, chosen.through)
        return results.merge(icons, on="code", how="left", validate="1:1")
    label = chosen.label if chosen.through is None else f"{chosen.label} to {chosen.through.label}"
    results = cache.get_or_compute(conn, "evaluate", (label, *viewer_scope), compute)
    if not directorate:
        return results, measures, figures
    return (_slice(results, directorate), _slice(measures, directorate),
            {i: figures[i] for i in measures["id"][measures["directorate_slug"] == directorate]})


def recent(conn, period: choices.Choice | Period, viewer: access.Viewer, ids) -> dict[int, list[dict]]:
    """{measure id: its last 12 months, 8 quarters or 5 years up to the period} for these measures (a directorate
    page's cards): worked out for every measure once per change of data, period and viewer scope, like `evaluate`."""
    chosen = period if isinstance(period, choices.Choice) else choices.Choice(period)
    results, measures, figures = evaluate(conn, chosen, viewer)
    every = cache.get_or_compute(conn, "recent", (chosen.judged.label, *scope(conn, viewer)),
                                 lambda: trends.sparklines(results, measures, figures, chosen.judged))
    return {int(i): every[int(i)] for i in ids}


def _slice(frame: pd.DataFrame, directorate: str) -> pd.DataFrame:
    return frame[frame["directorate_slug"] == directorate].reset_index(drop=True)


def visible_periods(conn, viewer: access.Viewer) -> list:
    """`access.visible_periods`, kept per change of data (it reads every stored value's period)."""
    return cache.get_or_compute(conn, "periods", (viewer.published_only,),
                                lambda: access.visible_periods(conn, viewer))


def resolve_period(conn, label: str | None, viewer: access.Viewer, today=None):
    """(choices.Choice for the period asked for or the default, its label as the URL should carry it: "" for the
    default), among the periods the viewer may see: a period not yet published, asked for by URL, gives the default
    instead. (None, "") when the viewer may see no figures at all."""
    available = visible_periods(conn, viewer)
    today = today or clock.today()
    chosen = choices.choose(label, available, today)
    if chosen is None:
        return None, ""
    return chosen, ("" if chosen.period == choices.default_period(available, today) else chosen.label)


def period_options(conn, viewer: access.Viewer, today=None) -> list[dict]:
    """The Period select's choices for the viewer (choices.options over the periods they may see)."""
    return choices.options(visible_periods(conn, viewer), today or clock.today())


def measure_commentary(conn, measure_id: int, period: choices.Choice | Period, viewer: access.Viewer):
    """A measure's commentary as the viewer may read it, up to the period shown (that period's notes first, never a
    later period's); a note on a quarter not yet published waits with its figures. None for the public, who read
    no internal commentary."""
    if not viewer.sees_internal:
        return None
    up_to = period.judged if isinstance(period, choices.Choice) else period
    comments = access.hide_names(loaders.commentary(conn, int(measure_id), up_to), viewer)
    if not viewer.published_only or comments.empty:
        return comments
    published = access.published_quarters(conn)
    visible = [access.is_visible(Period.parse(label), published) for label in comments["period"]]
    return comments[visible].reset_index(drop=True)
