"""Sign-in page: a plain HTML form posted to /auth/sign-in (works without JavaScript); sign-out when signed in."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from dashboards.components import page_main, page_title
from data.people import access
from security import ANYONE, csrf_token
from security import identity

dash.register_page(__name__, path="/login", name="Sign in", title=page_title("Sign in"), required_role=ANYONE)

# Fixed wording per outcome: nothing the visitor typed is echoed back.
MESSAGES = {
    "failed": ("danger", "That user name and password did not match. Please try again."),
    "limited": ("danger", "Too many failed sign-ins. Please wait 15 minutes and try again."),
    "signed_out": ("info", "You have signed out."),
}


def _hidden(name: str, value: str):
    return dcc.Input(type="hidden", name=name, value=value)


def _sign_in_form(next_path: str):
    return html.Form([
        _hidden("csrf_token", csrf_token()),
        _hidden("next", next_path),
        dbc.Label("User name", html_for=ids.LOGIN_USERNAME),
        dbc.Input(id=ids.LOGIN_USERNAME, name="username", type="text", autoComplete="username", required=True,
                  className="mb-3"),
        dbc.Label("Password", html_for=ids.LOGIN_PASSWORD),
        dbc.Input(id=ids.LOGIN_PASSWORD, name="password", type="password", autoComplete="current-password",
                  required=True, className="mb-3"),
        html.Button("Sign in", type="submit", className="btn btn-primary"),
    ], action="/auth/sign-in", method="POST")


def _signed_in(viewer: access.Viewer):
    return html.Div([
        html.P([f"Signed in as {viewer.display_name or viewer.username} ",
                html.Span(f"({viewer.role})", className="text-muted")]),
        html.P(access.ROLE_HELP[viewer.role]),
        html.Form([_hidden("csrf_token", csrf_token()),
                   html.Button("Sign out", type="submit", className="btn btn-outline-secondary")],
                  action="/auth/sign-out", method="POST"),
    ], id=ids.LOGIN_SIGNED_IN)


def layout(error=None, signed_out=None, **query):
    from security.auth import safe_next
    viewer = identity.viewer()
    key = error if error in MESSAGES else ("signed_out" if signed_out else None)
    message = dbc.Alert(MESSAGES[key][1], color=MESSAGES[key][0], id=ids.LOGIN_MESSAGE) if key else None
    body = _signed_in(viewer) if viewer.signed_in else _sign_in_form(safe_next(query.get("next")))
    return page_main(dbc.Row(dbc.Col([html.H1("Sign in" if not viewer.signed_in else "Your account"), message, body],
                                     md=6, lg=4)), "login-page")
