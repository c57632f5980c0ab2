"""Exceptions report: `/exceptions?period=2026/27 Q2`: what needs attention, worst first, ready to print. Drawn
whole from the URL's query."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from dashboards.components import no_figures, page_main, page_title, period_picker, shown_values, single_filter
from dashboards.exceptions_view import report
from dashboards.skeleton import with_skeleton
from data.core import db
from data.reporting import pages
from security import identity

dash.register_page(__name__, path="/exceptions", name="Exceptions", title=page_title("Exceptions report"), nav=True, order=2)


def skeleton():
    return page_main([dbc.Select(id=ids.EXCEPTIONS_PERIOD), dcc.Store(id=ids.EXCEPTIONS_SHOWN),
                      html.Div(id=ids.EXCEPTIONS_LIST)])


@with_skeleton(skeleton)
def layout(period=None, **_query):
    viewer = identity.viewer()
    with db.connect() as conn:
        page = pages.exceptions_report(conn, period, viewer)  # an unpublished period is never offered nor shown
    if page is None:
        return no_figures("Exceptions report")
    picker = single_filter(period_picker(ids.EXCEPTIONS_PERIOD, page.available, page.period))
    return page_main([
        html.H1("Exceptions report"),
        html.P("Measures below target, showing a special cause of concern, failing assurance, or forecast to "
               "miss their year-end target" + (", with their commentary and open actions"
                                               if viewer.sees_internal else "")
               + ". Print this page for a meeting pack.", className="mb-3"),
        picker, shown_values(ids.EXCEPTIONS_SHOWN, (ids.EXCEPTIONS_PERIOD,), picker),
        html.Div(report(page.cases, page.period, page.commentary, page.actions, names=page.names,
                        peers=page.peers),
                 id=ids.EXCEPTIONS_LIST, **{"aria-live": "polite"}),
    ], "exceptions-page")
