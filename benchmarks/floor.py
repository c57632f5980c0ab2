"""The floor for first-render figures: a Dash app that does nothing, with the same pages (paths), the same
stylesheets and the element each page's timing waits for, served the same way (`gunicorn benchmarks.floor:server`).
Our page's time over this one's is what our layouts, callbacks and data add to Dash itself."""

from __future__ import annotations

import dash
from dash import dcc, html

from benchmarks.server import ROOT
from dashboards import ids

app = dash.Dash(__name__, use_pages=True, pages_folder="", assets_folder=str(ROOT / "assets"),
                title="Floor", update_title=None)
server = app.server


def _table(**_):
    return html.Main(html.Div(html.Table(html.Tr(html.Td("Floor"))), id=ids.OVERVIEW_BODY))


def _cards(slug=None, **_):
    return html.Main(html.Div(html.Div(f"Floor {slug}", className="measure-card"), id=ids.DIRECTORATE_BODY))


def _chart(code=None, **_):
    return html.Main(dcc.Graph(id=ids.MEASURE_TREND, figure={"data": [{"y": [1, 2, 3]}]}))


dash.register_page("floor.overview", path="/", layout=_table)
dash.register_page("floor.directorate", path_template="/directorate/<slug>", layout=_cards)
dash.register_page("floor.measure", path_template="/measure/<code>", layout=_chart)
app.layout = html.Div([dash.page_container])
