"""Authority overview."""

import dash
from dash import html

from data import db, loaders, summary

dash.register_page(__name__, path="/", name="Overview", order=0)


def layout(**_query):
    with db.connect() as conn:
        period = loaders.latest_quarter(conn)
        measures = loaders.measures(conn)
        results = summary.evaluate(measures, loaders.figures(conn, measures["id"]), period) if period else None
    return html.Main([html.H1("Council performance"),
                      html.P(summary.headline(results) if results is not None else "No data yet.")])
