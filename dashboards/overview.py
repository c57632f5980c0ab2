"""Authority overview: headline and counts, status by directorate and by priority, the SPC variation x assurance
matrix, and what needs attention."""

import dash
from dash import dcc, html

from dashboards import ids
from dashboards.components import filters_bar, named_options, select_filter, spc_filters, status_options
from data.core import db, loaders
from data.reporting import evaluation, views
from security import identity

dash.register_page(__name__, path="/", name="Overview", order=0, title="Overview")


def layout(**query):
    """Filters start from the URL query; the callback fills the headline and body (Dash calls this with no args)."""
    filters = views.Filters.from_query(query)
    viewer = identity.viewer()
    with db.connect() as conn:
        period, _ = evaluation.resolve_period(conn, filters.period, viewer)  # never a period the viewer may not see
        period_options = evaluation.period_options(conn, viewer)
        directorates = loaders.directorates(conn)
        priorities = loaders.priorities(conn)
    return html.Main([
        dcc.Location(id=ids.OVERVIEW_LOCATION, refresh=False),
        html.H1("Performance overview"),
        filters_bar(
            select_filter(ids.OVERVIEW_PERIOD, "Period", period_options,
                          period.label if period else ""),
            select_filter(ids.OVERVIEW_DIRECTORATE, "Directorate", named_options(directorates), filters.directorate,
                          "All directorates"),
            select_filter(ids.OVERVIEW_PRIORITY, "Priority", named_options(priorities), filters.priority,
                          "All priorities"),
            select_filter(ids.OVERVIEW_STATUS, "Status", status_options(), filters.status, "All statuses"),
            *spc_filters(ids.OVERVIEW_VARIATION, ids.OVERVIEW_ASSURANCE, filters),
        ),
        html.P(id=ids.OVERVIEW_HEADLINE, className="lead headline", **{"aria-live": "polite"}),
        html.Div(id=ids.OVERVIEW_BODY),
    ], id="main-content", className="page container-fluid")
