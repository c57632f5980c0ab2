"""The Council Performance Dashboard: one Dash app on one Flask server (`gunicorn app:server`)."""

import dash
from dash import State
from flask import Flask

import callbacks  # noqa: F401  registers every @callback
import commands
import security
from callbacks.not_found import register_not_found
from dashboards import ids, shell
from data.core import settings

server = Flask(__name__)
server.config.update(SECRET_KEY=settings.get("SECRET_KEY"))  # unset: security keeps one in instance/
commands.register(server)

# Bootstrap and its icons are vendored in assets/ (dbc.themes.* are CDN URLs an intranet cannot reach).
# Every page's layout gets `render`, so a layout called with no arguments is Dash validating callbacks
# (dashboards/skeleton.py), and Dash can check every callback's IDs against the pages' skeletons.
app = dash.Dash(__name__, server=server, use_pages=True, pages_folder="dashboards",
                title=settings.get("COUNCIL_NAME") + " performance", update_title=None,
                routing_callback_inputs={"render": State(ids.SHELL_RENDER, "data")})
app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
# Assigning a layout function makes Dash call it at once to check it, which would query the database at import;
# a validation layout already present stops that. On the first request Pages replaces it with every page's
# skeleton plus the shell.
app.validation_layout = shell.skeleton()
app.layout = shell.layout
register_not_found(app)
security.init_app(server, app)  # sign-in, roles on every request, CSRF, headers, error pages
