"""Report pack page: `/reports`: choose period, scope and format, produce the committee pack (in the background,
with progress and cancel) and download it. Members and above choose freely; the public get the pack of the latest
published quarter for the whole council (no internal commentary or actions)."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from dashboards.components import no_figures, page_main, page_title, select_filter
from dashboards.skeleton import with_skeleton
from data.core import db
from data.reporting import pack
from security import identity

dash.register_page(__name__, path="/reports", name="Reports", title=page_title("Report pack"), nav=True, order=3)

FORMATS = [{"label": "PDF (tagged, accessible: for committee papers and the website)", "value": "pdf"},
           {"label": "Word (to edit the covering report)", "value": "docx"},
           {"label": "Web page (HTML)", "value": "html"}]


def skeleton():
    return page_main([dbc.Select(id=ids.REPORTS_PERIOD), dbc.Select(id=ids.REPORTS_SCOPE),
                      dbc.Select(id=ids.REPORTS_FORMAT), dcc.Store(id=ids.REPORTS_VIEWER),
                      dbc.Button(id=ids.REPORTS_PRODUCE), dbc.Button(id=ids.REPORTS_CANCEL),
                      dbc.Progress(id=ids.REPORTS_PROGRESS), html.Div(id=ids.REPORTS_RESULT)])


@with_skeleton(skeleton)
def layout(**_query):
    viewer = identity.viewer()
    with db.connect() as conn:
        periods, scopes = pack.offered(conn, viewer)
    if not periods:
        return no_figures("Report pack")
    intro = ("The quarterly performance report: the covering summary, the measures needing attention with their "
             "commentary, actions and forecast, and every directorate's measures." if viewer.sees_internal else
             "The performance report of the latest published quarter for the whole council. Service commentary "
             "and actions are internal and not included.")
    return page_main([
        html.H1("Report pack"),
        html.P(intro),
        dbc.Row([dbc.Col(select_filter(ids.REPORTS_PERIOD, "Period", periods, periods[0]["value"]), md=4),
                 dbc.Col(select_filter(ids.REPORTS_SCOPE, "Scope", scopes, "council"), md=4),
                 dbc.Col(select_filter(ids.REPORTS_FORMAT, "Format", FORMATS, "pdf"), md=4)],
                className="page-controls mb-3 g-3"),
        dcc.Store(id=ids.REPORTS_VIEWER, data=identity.signed_viewer(viewer)),
        html.Div([dbc.Button("Produce the pack", id=ids.REPORTS_PRODUCE, color="primary", className="me-2"),
                  dbc.Button("Cancel", id=ids.REPORTS_CANCEL, color="secondary", outline=True, disabled=True)],
                 className="mb-3 page-controls"),
        html.Div(dbc.Progress(id=ids.REPORTS_PROGRESS, value=0, label="", className="mb-3",
                              style={"height": "1.5rem"}),
                 **{"data-progress-label": "Report pack progress"}),   # named by assets/progress-names.js
        html.Div(id=ids.REPORTS_RESULT, role="status", **{"aria-live": "polite"}),
    ], "reports-page")
