"""The app shell around every page: skip link, header with navigation and meeting mode, then the page."""

import dash
from dash import html

from dashboards.components import navbar
from data import db, loaders


def layout():
    """A function, so the directorate menu (and the meeting-mode stops) follow the database."""
    with db.connect() as conn:
        directorates = loaders.directorates(conn)[["slug", "name"]].to_dict("records")
    return html.Div([html.A("Skip to main content", href="#main-content", className="visually-hidden-focusable"),
                     navbar(directorates), dash.page_container])
