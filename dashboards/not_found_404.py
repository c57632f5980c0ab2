"""The not-found page (Dash Pages shows it for any unknown path; the server also answers 404)."""

import dash
from dash import dcc, html

dash.register_page(__name__, path="/404", name="Not found", title="Page not found")


def layout(**_query):
    return html.Main([
        html.H1("Page not found"),
        html.P("There is no page at this address. It may have moved, or the link may be mistyped."),
        html.P(dcc.Link("Back to the performance overview", href="/")),
    ], id="main-content", className="page container-fluid not-found")
