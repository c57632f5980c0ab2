"""A directorate's filters write the URL (Pages draws the page from it); its trend charts are drawn when opened;
the table's CSV is written in the browser."""

from dash import Input, Output, State, callback, clientside_callback, no_update

from callbacks.shell import follow_in_url
from dashboards import ids
from dashboards.directorate_view import trend_charts
from data.core import db
from data.reporting import pages, views
from security import identity

follow_in_url(ids.DIRECTORATE_SHOWN, *ids.DIRECTORATE_FILTERS)


@callback(Output(ids.DIRECTORATE_TRENDS_BODY, "children"), Output(ids.DIRECTORATE_TRENDS, "hidden"),
          Output(ids.DIRECTORATE_TRENDS, "aria-expanded"),
          Input(ids.DIRECTORATE_TRENDS, "n_clicks"), State(ids.DIRECTORATE_SLUG, "data"),
          State(ids.PAGE_LOCATION, "search"), prevent_initial_call=True)
def show_trends(_clicks, slug, search):
    """The small multiples of the measures the URL's filters select, once asked for."""
    with db.connect() as conn:
        panels = pages.directorate_trends(conn, slug, views.Filters.from_query(search), identity.viewer())
    if panels is None:
        return no_update, no_update, no_update
    return trend_charts(*panels, large=views.meeting(search)), True, "true"


# The grid writes its own CSV in the browser (of the rows shown, in their sorted and filtered order).
clientside_callback(
    "function (clicks) { return clicks ? true : window.dash_clientside.no_update; }",
    Output(ids.DIRECTORATE_GRID, "exportDataAsCsv"), Input(ids.DIRECTORATE_CSV, "n_clicks"),
    prevent_initial_call=True,
)
