"""What each page needs, in one call per page: the figures a viewer may see for the filters in the URL.

The pages draw what these return (`dashboards/`); nothing here knows about components. Every function takes the
viewer, so one viewer's figures are never another's, and gives None when nothing has been published yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection

from data.core import audit, loaders
from data.core.periods import Period
from data.people import access
from data.reporting import evaluation, views
from data.reporting.exceptions import Case, exceptions

INTERNAL = "internal"  # in place of commentary or actions the viewer may not read
HIDDEN_NAME = "Not shown publicly"


@dataclass
class Overview:
    period: Period
    url_period: str          # "" when the period is the default one (links then follow the default)
    available: list[Period]
    results: pd.DataFrame    # summary.RESULT_COLUMNS plus the SPC columns, every measure
    names: dict[str, pd.DataFrame]   # "directorate" and "priority": slug and name


def overview(conn: Connection, filters: views.Filters, viewer: access.Viewer) -> Overview | None:
    period, url_period = evaluation.resolve_period(conn, filters.period, viewer)
    if period is None:
        return None
    results, _, _ = evaluation.evaluate(conn, period, viewer)
    return Overview(period, url_period, access.visible_periods(conn, viewer), results,
                    {"directorate": loaders.directorates(conn), "priority": loaders.priorities(conn)})


@dataclass
class Directorate:
    directorate: dict        # slug, name, director (blank when names are hidden)
    services: pd.DataFrame
    priorities: pd.DataFrame
    available: list[Period]
    period: Period | None = None
    url_period: str = ""
    results: pd.DataFrame | None = None
    measures: pd.DataFrame | None = None
    figures: dict = field(default_factory=dict)
    commentary: dict | str | None = None   # the director's commentary, None when there is none, or INTERNAL


def directorate(conn: Connection, slug: str, filters: views.Filters, viewer: access.Viewer) -> Directorate | None:
    """None for an unknown directorate; without published figures, the directorate with no period."""
    found = access.hide_names(loaders.directorates(conn), viewer)
    found = found[found["slug"] == slug]
    if found.empty:
        return None
    page = Directorate(found.iloc[0].to_dict(), loaders.services(conn, directorate=slug), loaders.priorities(conn),
                       access.visible_periods(conn, viewer))
    page.period, page.url_period = evaluation.resolve_period(conn, filters.period, viewer)
    if page.period is None:
        return page
    page.results, page.measures, page.figures = evaluation.evaluate(conn, page.period, viewer, directorate=slug)
    # The director's commentary is internal: members and above only (never read for the public).
    page.commentary = (loaders.director_commentary(conn, slug, page.period) if viewer.sees_internal else INTERNAL)
    return page


@dataclass
class Measure:
    measure: pd.Series
    available: list[Period]
    period: Period | None = None
    values: dict = field(default_factory=dict)
    targets: dict = field(default_factory=dict)
    changes: list[dict] = field(default_factory=list)
    commentary: pd.DataFrame | str = INTERNAL
    actions: pd.DataFrame | str = INTERNAL
    history: pd.DataFrame | None = None     # the audit trail, for those who may change the measure
    may_rebase: bool = False                # whether the viewer may accept a suggested rebase of its SPC limits


def measure(conn: Connection, code: str, period_label: str | None, viewer: access.Viewer) -> Measure | None:
    found = loaders.measures(conn, code=code)
    if found.empty:
        return None
    row = access.hide_names(found, viewer).iloc[0].copy()
    if not viewer.may_see_names:
        row["owner"] = HIDDEN_NAME
    measure_id = int(row["id"])
    page = Measure(row, access.visible_periods(conn, viewer))  # an unpublished period is never offered nor shown
    page.period, _ = evaluation.resolve_period(conn, period_label, viewer)
    if page.period is None:
        return page
    page.values, page.targets = access.figures(conn, [measure_id], viewer)[measure_id]
    page.changes = loaders.process_changes(conn, measure_id)
    if viewer.sees_internal:
        page.commentary = evaluation.measure_commentary(conn, measure_id, page.period, viewer)
        page.actions = access.hide_names(loaders.actions(conn, [measure_id]), viewer)
    # The audit trail holds drafts and every earlier figure: for those who may change the measure.
    page.may_rebase = access.can_edit(viewer, loaders.service_of(conn, code))
    if page.may_rebase:
        page.history = audit.history(conn, measure_id)
    return page


@dataclass
class Exceptions:
    period: Period
    available: list[Period]
    cases: list[Case]
    commentary: dict[int, str] | None    # None: the viewer may not read commentary and actions
    actions: pd.DataFrame | None
    names: bool                          # whether officer names may be shown


def exceptions_report(conn: Connection, period_label: str | None, viewer: access.Viewer) -> Exceptions | None:
    """The exceptions report from the viewer's figures only; commentary and actions for members and above."""
    available = access.visible_periods(conn, viewer)
    period, _ = evaluation.resolve_period(conn, period_label, viewer)
    if period is None:
        return None
    measures = access.hide_names(loaders.measures(conn), viewer)
    measure_ids = [int(i) for i in measures["id"]]
    figures = access.figures(conn, measure_ids, viewer)
    changes = {i: loaders.process_changes(conn, i) for i in measure_ids}
    cases = exceptions(measures.to_dict("records"), figures, changes, period)
    comments = actions = None
    if viewer.sees_internal:
        flagged = [int(c.measure["id"]) for c in cases]
        comments = loaders.latest_commentary(conn, flagged, period.judged)
        actions = access.hide_names(loaders.actions(conn, flagged), viewer)
    return Exceptions(period, available, cases, comments, actions, viewer.may_see_names)
