"""One directorate: its services, the director's commentary, a card and a table row per measure, trends, and the
monthly view with target and tolerance for heads of service."""

import dash
from dash import dcc, html

from dashboards import ids
from dashboards.components import filters_bar, measure_grid, named_options, select_filter, spc_filters, status_options
from data.core import db, loaders
from data.people import access
from data.reporting import evaluation, views
from security import identity

dash.register_page(__name__, path_template="/directorate/<slug>", name="Directorate", order=1,
                   title="Directorate")


def layout(slug=None, **query):
    """Dash calls this with no args to validate callbacks; an unknown slug gets the not-found content."""
    filters = views.Filters.from_query(query)
    viewer = identity.viewer()
    with db.connect() as conn:
        directorates = access.hide_names(loaders.directorates(conn), viewer)  # the director is an officer name
        found = directorates[directorates["slug"] == slug]
        if found.empty:
            return not_found(slug)
        services = loaders.services(conn, directorate=slug)
        priorities = loaders.priorities(conn)
        period, _ = evaluation.resolve_period(conn, filters.period, viewer)  # never a period the viewer may not see
        period_options = evaluation.period_options(conn, viewer)
    directorate = found.iloc[0]
    return html.Main([
        dcc.Location(id=ids.DIRECTORATE_LOCATION, refresh=False),
        dcc.Store(id=ids.DIRECTORATE_SLUG, data=slug),
        html.Nav(html.Ol([html.Li(dcc.Link("Overview", href="/" + views.Filters(period=filters.period).to_search()),
                                  className="breadcrumb-item"),
                          html.Li(directorate["name"], className="breadcrumb-item active",
                                  **{"aria-current": "page"})], className="breadcrumb"),
                 className="meeting-hide", **{"aria-label": "Breadcrumb"}),
        html.H1(directorate["name"]),
        html.P([f"Director: {directorate['director']}. " if viewer.may_see_names else "", "Services: ",
                ", ".join(services["name"]), "."], className="text-body-secondary"),
        filters_bar(
            select_filter(ids.DIRECTORATE_PERIOD, "Period", period_options,
                          period.label if period else ""),
            select_filter(ids.DIRECTORATE_SERVICE, "Service", named_options(services), filters.service,
                          "All services"),
            select_filter(ids.DIRECTORATE_PRIORITY, "Priority", named_options(priorities), filters.priority,
                          "All priorities"),
            select_filter(ids.DIRECTORATE_STATUS, "Status", status_options(), filters.status, "All statuses"),
            *spc_filters(ids.DIRECTORATE_VARIATION, ids.DIRECTORATE_ASSURANCE, filters),
        ),
        html.Section(id=ids.DIRECTORATE_COMMENTARY, className="mb-4"),
        html.Div(id=ids.DIRECTORATE_BODY),
        html.Section([
            html.Div([html.H2("Table of measures", className="me-auto mb-0"),
                      html.Button([html.I(className="bi bi-download me-1", **{"aria-hidden": "true"}),
                                   "Download CSV"], id=ids.DIRECTORATE_CSV, type="button",
                                  className="btn btn-outline-primary btn-sm")],
                     className="d-flex align-items-center gap-2 mb-2"),
            html.P("Sort by a column heading; filter from its menu.", className="small text-body-secondary"),
            measure_grid(ids.DIRECTORATE_GRID),
        ], className="mb-4 meeting-hide", **{"aria-label": "Table of measures"}),
        html.Div(id=ids.DIRECTORATE_CHARTS),
    ], id="main-content", className="page container-fluid")


def not_found(slug) -> html.Main:
    """The same words as the not-found page, for a directorate slug that does not exist."""
    return html.Main([
        html.H1("Directorate not found"),
        html.P(f"There is no directorate called “{slug}”." if slug else "No directorate was given."),
        html.P(dcc.Link("Back to the performance overview", href="/")),
    ], id="main-content", className="page container-fluid not-found")
