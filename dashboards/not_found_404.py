"""The not-found page (Dash Pages shows it for any unknown path; the server also answers 404)."""

import dash
from dash import dcc, html

from dashboards.components import page_main, page_title

dash.register_page(__name__, path="/404", name="Not found", title=page_title("Page not found"))


def layout(**_query):
    return page_main([
        html.H1("Page not found"),
        html.P("There is no page at this address. It may have moved, or the link may be mistyped."),
        html.P(dcc.Link("Back to the performance overview", href="/")),
    ], "not-found")
