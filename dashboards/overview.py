"""Authority overview: headline and counts, status by directorate and by priority, the SPC variation x assurance
matrix, and what needs attention. Drawn whole from the URL's query, so a filter change is one request."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from dashboards.components import (filters_bar, named_options, no_figures, page_main, page_title, peer_group_filter,
                                   peers_filter, period_picker, select_filter, shown_values, spc_filters,
                                   status_options)
from dashboards.overview_view import overview_body
from dashboards.skeleton import with_skeleton
from data.core import db
from data.reporting import pages, views
from security import identity

dash.register_page(__name__, path="/", name="Overview", order=0, title=page_title("Performance overview"), nav=True)


def skeleton():
    return page_main([html.Div([dbc.Select(id=i) for i in ids.OVERVIEW_FILTERS]), dcc.Store(id=ids.OVERVIEW_SHOWN),
                      html.P(id=ids.OVERVIEW_HEADLINE), html.Div(id=ids.OVERVIEW_BODY)])


@with_skeleton(skeleton)
def layout(**query):
    filters = views.Filters.from_query(query)
    with db.connect() as conn:
        page = pages.overview(conn, filters, identity.viewer())
    if page is None:
        return no_figures("Performance overview")
    names, selection = page.names, page.selection
    controls = filters_bar(
        period_picker(ids.OVERVIEW_PERIOD, page.available, selection.period),
        select_filter(ids.OVERVIEW_DIRECTORATE, "Directorate", named_options(names["directorate"]),
                      filters.directorate, "All directorates"),
        select_filter(ids.OVERVIEW_PRIORITY, "Priority", named_options(names["priority"]), filters.priority,
                      "All priorities"),
        select_filter(ids.OVERVIEW_STATUS, "Status", status_options(), filters.status, "All statuses"),
        *spc_filters(ids.OVERVIEW_VARIATION, ids.OVERVIEW_ASSURANCE, filters),
        peers_filter(ids.OVERVIEW_PEERS, filters),
        peer_group_filter(ids.OVERVIEW_AMONG, page.peers),
    )
    return page_main([
        html.H1("Performance overview"),
        controls, shown_values(ids.OVERVIEW_SHOWN, ids.OVERVIEW_FILTERS, controls),
        html.P(selection.headline, id=ids.OVERVIEW_HEADLINE, className="lead headline", **{"aria-live": "polite"}),
        html.Div(overview_body(selection, names, page.peers), id=ids.OVERVIEW_BODY),
    ])
