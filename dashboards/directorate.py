"""One directorate: its services, the director's commentary, a card and a table row per measure, and trend charts
with target and tolerance for heads of service. Drawn whole from the URL's query; the charts when opened."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from dashboards.components import (breadcrumbs, filters_bar, named_options, page_main, page_title, peer_group_filter,
                                   peers_filter, period_notice, period_picker, select_filter, shown_values,
                                   spc_filters, status_options)
from dashboards.directorate_view import (commentary_section, grid_rows, measure_grid, measures_section,
                                         table_section, trends_section)
from dashboards.overview_view import context_section, peers_heading
from dashboards.plan_view import actions_table
from dashboards.risks_view import high_risks
from dashboards.skeleton import with_skeleton
from dashboards.spc_view import spc_matrix_section
from data.core import db, loaders
from data.reporting import pages, views
from security import identity

dash.register_page(__name__, path_template="/directorate/<slug>", name="Directorate", order=1,
                   title=lambda slug=None, **_: directorate_title(slug), nav=True, nav_label="Directorates")


def skeleton():
    return page_main([dcc.Store(id=ids.DIRECTORATE_SLUG), dcc.Store(id=ids.DIRECTORATE_SHOWN),
                      html.Div([dbc.Select(id=i) for i in ids.DIRECTORATE_FILTERS]),
                      html.Button(id=ids.DIRECTORATE_CSV), measure_grid(ids.DIRECTORATE_GRID),
                      html.Button(id=ids.DIRECTORATE_TRENDS), html.Div(id=ids.DIRECTORATE_TRENDS_BODY)])


@with_skeleton(skeleton)
def layout(slug=None, **query):
    filters = views.Filters.from_query(query).with_(directorate="")
    viewer = identity.viewer()
    with db.connect() as conn:
        page = pages.directorate(conn, slug, filters, viewer)
    if page is None:
        return not_found(slug)
    directorate, selection = page.directorate, page.selection
    head = [breadcrumbs(("Overview", "/" + (selection.period_query if selection else "")),
                        (directorate["name"], None)),
            html.H1(directorate["name"]),
            html.P([f"Director: {directorate['director']}. " if viewer.may_see_names else "", "Services: ",
                    ", ".join(page.services["name"]), "."], className="text-body-secondary")]
    if selection is None:
        return page_main([*head, html.P("No figures have been published yet.")])
    controls = filters_bar(
        period_picker(ids.DIRECTORATE_PERIOD, page.available, selection.period),
        select_filter(ids.DIRECTORATE_SERVICE, "Service", named_options(page.services), filters.service,
                      "All services"),
        select_filter(ids.DIRECTORATE_PRIORITY, "Priority", named_options(page.priorities), filters.priority,
                      "All priorities"),
        select_filter(ids.DIRECTORATE_STATUS, "Status", status_options(), filters.status, "All statuses"),
        *spc_filters(ids.DIRECTORATE_VARIATION, ids.DIRECTORATE_ASSURANCE, filters),
        peers_filter(ids.DIRECTORATE_PEERS, filters),
        peer_group_filter(ids.DIRECTORATE_AMONG, page.peers),
    )
    commentary = html.Section(commentary_section(page.commentary, selection.period), id=ids.DIRECTORATE_COMMENTARY,
                              className="mb-4")
    notice = period_notice(selection.period, lambda label: f"/directorate/{slug}"
                           + selection.filters.with_(period=label).to_search())
    cards, matrix = measures_section(selection, page.sparklines), spc_matrix_section(selection)
    # On the projector the room looks at the measures first; the commentary and the matrix follow them.
    meeting = query.get("meeting") == "1"
    context = context_section(selection)
    body = html.Div([notice, *cards, matrix, context] if meeting else [notice, matrix, *cards, context],
                    id=ids.DIRECTORATE_BODY)
    return page_main([
        *head,
        dcc.Store(id=ids.DIRECTORATE_SLUG, data=slug),
        controls, shown_values(ids.DIRECTORATE_SHOWN, ids.DIRECTORATE_FILTERS, controls),
        *([body, commentary] if meeting else [commentary, body]),
        table_section(grid_rows(selection.shown), peers_heading(page.peers) if filters.peers else None),
        trends_section(len(selection.shown)),
        *plan_sections(page.plan, slug),
    ])


def directorate_title(slug) -> str:
    """`Housing and Communities – Directorate – Demo District Council` (Pages passes the path's slug only)."""
    with db.connect() as conn:
        names = dict(loaders.directorates(conn)[["slug", "name"]].itertuples(index=False))
    return page_title(names.get(slug, "Directorate not found"), "Directorate" if slug in names else "")


def plan_sections(plan, slug) -> list:
    """The directorate's council plan actions (counts in words) and, for members and above, its high risks with
    their mitigation progress, as the quarterly reports give them."""
    if plan is None:
        return []
    sections = [html.Section([html.H2("Council plan actions", className="h4 mt-4"),
                              html.P([plan.sentence, " ", dcc.Link("See them in the council plan",
                                                                   href=f"/plan?directorate={slug}")]),
                              actions_table(plan.actions, caption="Council plan actions")],
                             id=ids.DIRECTORATE_PLAN)]
    if plan.high_risks is not None:
        sections.append(html.Section([html.H2("High risks", className="h4 mt-4"),
                                      high_risks(plan.high_risks, plan.mitigations),
                                      dcc.Link("The directorate's risk register", href=f"/risks?directorate={slug}")],
                                     id=ids.DIRECTORATE_RISKS))
    return sections


def not_found(slug) -> html.Main:
    """The same words as the not-found page, for a directorate slug that does not exist."""
    return page_main([
        html.H1("Directorate not found"),
        html.P(f"There is no directorate called “{slug}”." if slug else "No directorate was given."),
        html.P(dcc.Link("Back to the performance overview", href="/")),
    ], "not-found")
