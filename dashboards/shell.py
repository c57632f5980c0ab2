"""The app shell around every page: skip link, header with navigation and meeting mode, the page, then the footer
(glossary and accessibility statement)."""

import dash
from dash import dcc, html

from dashboards import ids
from dashboards.navbar import navbar
from data.core import db, loaders
from security import csrf_token, identity


def layout():
    """A function, so the directorate menu (and the meeting-mode stops) follow the database, and the sign-in
    item the viewer."""
    with db.connect() as conn:
        directorates = loaders.directorates(conn)[["slug", "name"]].to_dict("records")
    viewer = identity.viewer()  # "Sign in", or "Sign out (name)" for someone signed in
    return html.Div([html.A("Skip to main content", href="#main-content", className="visually-hidden-focusable"),
                     navbar(directorates, viewer, csrf_token() if viewer.signed_in else ""),
                     dcc.Store(id=ids.SHELL_RENDER, data="page"), dcc.Store(id=ids.SHELL_RENDERED),
                     html.Div(id=ids.SHELL_ANNOUNCE, className="visually-hidden", role="status",
                              **{"aria-live": "polite", "aria-atomic": "true"}),
                     dash.page_container, footer()])


def footer() -> html.Footer:
    """On every page: the glossary of the dashboard's words and the accessibility statement."""
    return html.Footer(html.Nav(html.Ul([
        html.Li(dcc.Link("Glossary of terms", href="/glossary")),
        html.Li(dcc.Link("Accessibility statement", href="/accessibility")),
    ], className="list-inline mb-0"), **{"aria-label": "Help"}), className="site-footer container-fluid")


def skeleton():
    """The shell's component IDs with no database behind them."""
    return html.Div([navbar(), dcc.Store(id=ids.SHELL_RENDER), dcc.Store(id=ids.SHELL_RENDERED), dash.page_container])
