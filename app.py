"""The Council Performance Dashboard: one Dash app on one Flask server (`gunicorn app:server`)."""

import dash
from flask import Flask

import callbacks  # noqa: F401  registers every @callback
import commands
from callbacks.shell import register_not_found
from dashboards import shell
from data.core import settings
import security

server = Flask(__name__)
server.config.update(SECRET_KEY=settings.get("SECRET_KEY"))  # unset: security keeps one in instance/
commands.register(server)

# Bootstrap and its icons are vendored in assets/ (dbc.themes.* are CDN URLs an intranet cannot reach).
app = dash.Dash(__name__, server=server, use_pages=True, pages_folder="dashboards",
                title=settings.get("COUNCIL_NAME") + " performance", update_title=None,
                suppress_callback_exceptions=True)
app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
app.layout = shell.layout
register_not_found(app)
security.init_app(server, app)  # sign-in, roles on every request, CSRF, headers, error pages
