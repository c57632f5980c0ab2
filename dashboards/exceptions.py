"""Exceptions report: `/exceptions?period=2026/27 Q2`: what needs attention, worst first, ready to print."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from data.core import db
from data.reporting import evaluation
from security import identity

dash.register_page(__name__, path="/exceptions", name="Exceptions", title="Exceptions report")


def layout(period=None, **_query):
    viewer = identity.viewer()
    with db.connect() as conn:
        chosen, _ = evaluation.resolve_period(conn, period, viewer)  # never a period the viewer may not see
        options = evaluation.period_options(conn, viewer)
    if chosen is None:
        return html.Main([html.H1("Exceptions report"), html.P("No figures have been published yet.")],
                         className="container py-3")
    picker = html.Div([html.Label("Period", htmlFor=ids.EXCEPTIONS_PERIOD, className="form-label fw-semibold"),
                       dbc.Select(id=ids.EXCEPTIONS_PERIOD, options=options, value=chosen.label)],
                      className="exceptions-period")
    return html.Main([
        dcc.Location(id=ids.EXCEPTIONS_LOCATION, refresh=False),  # writes ?period= without re-rendering the page
        html.H1("Exceptions report", className="h3"),
        html.P("Measures below target, showing a special cause of concern, failing assurance, or forecast to "
               "miss their year-end target" + (", with their commentary and open actions"
                                               if viewer.sees_internal else "")
               + ". Print this page for a meeting pack.", className="mb-3"),
        dbc.Row(dbc.Col(picker, xs=12, md=5, lg=4), className="mb-3"),
        html.Div(id=ids.EXCEPTIONS_LIST, **{"aria-live": "polite"}),
    ], className="container-fluid py-3 exceptions-page")
