"""What each page needs, in one call per page: the figures a viewer may see for the filters in the URL.

The pages draw what these return (`dashboards/`); nothing here knows about components. Every function takes the
viewer, so one viewer's figures are never another's, and gives None when nothing has been published yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection

from data.core import audit, cache, loaders
from data.core.periods import Period
from data.people import access
from data.reporting import benchmarking, evaluation, published, trends, views
from data.reporting import plan as plan_parts
from data.reporting.plan import intervention_actions
from data.reporting.exceptions import Case, exceptions
from data.reporting.selection import Selection, select

INTERNAL = "internal"  # in place of commentary or actions the viewer may not read
HIDDEN_NAME = "Not shown publicly"


@dataclass
class Overview:
    available: list[Period]
    names: dict[str, pd.DataFrame]   # "directorate" and "priority": slug and name
    selection: Selection             # what the filters choose, counted, with its links
    peers: benchmarking.PeerGroup | None = None   # the group the quartiles are among (`?among=`, else the default)


def overview(conn: Connection, filters: views.Filters, viewer: access.Viewer) -> Overview | None:
    period, url_period = evaluation.resolve_period(conn, filters.period, viewer)
    if period is None:
        return None
    results, _, _ = evaluation.evaluate(conn, period, viewer)
    peers = benchmarking.peer_group(conn, filters.among)
    results = benchmarking.with_quartiles(conn, results, peers.key)
    names = {"directorate": loaders.directorates(conn), "priority": loaders.priorities(conn)}
    return Overview(evaluation.visible_periods(conn, viewer), names,
                    select(results, filters.with_(period=url_period), period, "/", names), peers)


@dataclass
class Directorate:
    directorate: dict        # slug, name, director (blank when names are hidden)
    services: pd.DataFrame
    priorities: pd.DataFrame
    available: list[Period]
    selection: Selection | None = None      # None without published figures
    sparklines: dict = field(default_factory=dict)   # {measure id: recent series rows}
    commentary: dict | str | None = None   # the director's commentary, None when there is none, or INTERNAL
    plan: plan_parts.DirectoratePlan | None = None   # its plan actions and, for members and above, high risks
    peers: benchmarking.PeerGroup | None = None      # the group the quartiles are among (`?among=`, else the default)


def directorate(conn: Connection, slug: str, filters: views.Filters, viewer: access.Viewer) -> Directorate | None:
    """None for an unknown directorate; without published figures, the directorate with no selection."""
    found = access.hide_names(loaders.directorates(conn), viewer)
    found = found[found["slug"] == slug]
    if found.empty:
        return None
    page = Directorate(found.iloc[0].to_dict(), loaders.services(conn, directorate=slug), loaders.priorities(conn),
                       evaluation.visible_periods(conn, viewer))
    page.plan = plan_parts.directorate_plan(conn, slug, viewer)
    period, url_period = evaluation.resolve_period(conn, filters.period, viewer)
    if period is None:
        return page
    results, measures, figures = evaluation.evaluate(conn, period, viewer, directorate=slug)
    page.peers = benchmarking.peer_group(conn, filters.among)
    results = benchmarking.with_quartiles(conn, results, page.peers.key)
    names = {"service": page.services, "priority": page.priorities}
    page.selection = select(results, filters.with_(period=url_period, directorate=""), period,
                            f"/directorate/{slug}", names)
    page.sparklines = evaluation.recent(conn, period, viewer, page.selection.shown["id"])
    # The director's commentary is internal (members and above), unless marked for publication.
    if viewer.sees_internal:
        page.commentary = loaders.director_commentary(conn, slug, period)
    else:
        page.commentary = published.director_commentary(conn, slug, period, viewer, period_shown=True) or INTERNAL
    return page


def directorate_trends(conn: Connection, slug: str, filters: views.Filters, viewer: access.Viewer):
    """(quarterly panels, {service: monthly panels}) of the measures the filters choose; None when there are none."""
    period, _ = evaluation.resolve_period(conn, filters.period, viewer)
    if period is None or slug not in set(loaders.directorates(conn)["slug"]):
        return None
    results, measures, figures = evaluation.evaluate(conn, period, viewer, directorate=slug)
    shown = views.apply(benchmarking.with_quartiles(conn, results, filters.among), filters.with_(directorate=""))
    return (trends.quarterly_panels(shown, measures, figures, period.judged),
            trends.monthly_panels(shown, measures, figures, period.judged))


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
    period_query: str = ""   # `?period=...` for links onwards, when the page was opened with a period
    plan: plan_parts.MeasurePlan | None = None   # the objectives it supports, its intervention plans
    comparison: object = None  # data.benchmarking.compare.Comparison when the measure is linked to a benchmark
    default_peers: bool = True  # compared with the council's default group (the URL names none)


def measure(conn: Connection, code: str, period_label: str | None, viewer: access.Viewer, *,
            peers: str | None = None, areas=None) -> Measure | None:
    found = loaders.measures(conn, code=code)
    if found.empty:
        return None
    row = access.hide_names(found, viewer).iloc[0].copy()
    if not viewer.may_see_names:
        row["owner"] = HIDDEN_NAME
    measure_id = int(row["id"])
    page = Measure(row, evaluation.visible_periods(conn, viewer))  # an unpublished period is never offered nor shown
    page.period, _ = evaluation.resolve_period(conn, period_label, viewer)
    if page.period is None:
        return page
    page.period_query = views.Filters(period=page.period.label if period_label else "").to_search()
    page.values, page.targets = access.figures(conn, [measure_id], viewer)[measure_id]
    page.changes = loaders.process_changes(conn, measure_id)
    page.comparison = benchmarking.for_measure(conn, code, row["decimals"], page.values, peers, areas)
    default = benchmarking.default_group(conn)
    page.default_peers = not peers and page.comparison is not None and page.comparison.group.key == default
    if not peers and page.comparison is not None and not page.default_peers:
        page.comparison.notices.insert(0, f"The council's default peer group ({benchmarking.group_label(conn, default)}) "
                                          f"does not apply to this benchmark, so it is compared with "
                                          f"{page.comparison.group.name} instead.")
    if viewer.sees_internal:
        page.commentary = evaluation.measure_commentary(conn, measure_id, page.period, viewer)
        page.actions = access.hide_names(intervention_actions(conn, [measure_id]), viewer)
    else:   # only what is marked for publication, in published periods; the rest is never read out
        shown = published.shown_quarters(conn, viewer)
        comments = published.measure_commentary(conn, measure_id, page.period.judged, viewer, shown)
        actions = published.measure_actions(conn, [measure_id], viewer, shown)
        page.commentary = INTERNAL if comments.empty else comments
        page.actions = INTERNAL if actions.empty else actions
    # The audit trail holds drafts and every earlier figure: for those who may change the measure.
    page.may_rebase = access.can_edit(viewer, loaders.service_of(conn, code))
    page.plan = plan_parts.measure_plan(conn, {"id": measure_id, "code": code}, viewer, may_edit=page.may_rebase,
                                        status=lambda: plan_parts.status_of(conn, code, period_label, viewer))
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
    peers: str = ""                      # the group the bottom quartile is among, in words (the council's default)


def exceptions_report(conn: Connection, period_label: str | None, viewer: access.Viewer) -> Exceptions | None:
    """The exceptions report from the viewer's figures only; commentary and actions for members and above."""
    available = evaluation.visible_periods(conn, viewer)
    period, _ = evaluation.resolve_period(conn, period_label, viewer)
    if period is None:
        return None
    measures, figures, changes = evaluation.catalogue(conn, viewer)  # kept per change of data, in three queries
    peers = benchmarking.default_group(conn)
    compared = benchmarking.comparisons(conn, peers)   # the agenda carries each measure's place among its peers
    records = [{**m, "peer_quartile": benchmarking.quartile_of(compared.get(m["code"])),
                "peer_sentence": compared[m["code"]].sentence if m["code"] in compared else ""}
               for m in measures.to_dict("records")]
    cases = cache.get_or_compute(conn, "exceptions", (repr(period), peers, *evaluation.scope(conn, viewer)),
                                 lambda: exceptions(records, figures, changes, period))
    comments = actions = None
    if viewer.sees_internal:
        flagged = [int(c.measure["id"]) for c in cases]
        comments = loaders.latest_commentary(conn, flagged, period.judged)
        actions = access.hide_names(intervention_actions(conn, flagged), viewer)
    return Exceptions(period, available, cases, comments, actions, viewer.may_see_names,
                      benchmarking.group_label(conn, peers) if compared else "")
