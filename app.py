"""The Council Performance Dashboard: one Dash app on one Flask server (`gunicorn app:server`).

`flask --app app <command>` needs only the server and its commands, so the pages, callbacks and their libraries
are left out when the flask command line imports this module (`flask --app app --help` answers in well under a
second); gunicorn, the tests and `python -c "import app"` get the whole app.
"""

import sys

from flask import Flask

import commands
from data.core import settings

settings.check_production()  # no per-host secret key behind a load balancer
server = Flask(__name__)
server.config.update(SECRET_KEY=settings.get("SECRET_KEY"))  # unset: security keeps one in instance/
commands.register(server)


def _imported_by_flask_cli() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "locate_app" and frame.f_code.co_filename.endswith("cli.py"):
            return True
        frame = frame.f_back
    return False


def _dash_app(server: Flask):
    import dash
    from dash import State

    import api
    import callbacks  # noqa: F401  registers every @callback
    import ops
    import security
    from callbacks import reports
    from callbacks.not_found import register_not_found
    from dashboards import ids, shell

    ops.init_app(server)  # first: JSON logs with a request id, /health and /ready before any other hook
    # Bootstrap and its icons are vendored in assets/ (dbc.themes.* are CDN URLs an intranet cannot reach).
    # Every page's layout gets `render`, so a layout called with no arguments is Dash validating callbacks
    # (dashboards/skeleton.py), and Dash can check every callback's IDs against the pages' skeletons.
    dash_app = dash.Dash(__name__, server=server, use_pages=True, pages_folder="dashboards",
                         title=settings.get("COUNCIL_NAME") + " performance", update_title=None,
                         routing_callback_inputs={"render": State(ids.SHELL_RENDER, "data")})
    # Dash wraps its scripts in a <footer>, a second "contentinfo" landmark beside the page's own footer
    dash_app.index_string = (dash_app.index_string.replace("<html>", '<html lang="en">', 1)
                             .replace("<footer>", '<div class="dash-scripts">', 1).replace("</footer>", "</div>", 1))
    # Assigning a layout function makes Dash call it at once to check it, which would query the database at
    # import; a validation layout already present stops that. On the first request Pages replaces it with every
    # page's skeleton plus the shell.
    dash_app.validation_layout = shell.skeleton()
    dash_app.layout = shell.layout
    register_not_found(dash_app)
    reports.init_app(server)  # the report pack's download route
    security.init_app(server, dash_app)  # sign-in, roles on every request, CSRF, headers, error pages
    api.init_app(server)  # the read API (/api/v1/, its OpenAPI document) and the embeds, behind the same guard
    return dash_app


if not _imported_by_flask_cli():
    app = _dash_app(server)
    from callbacks.background import celery_app  # noqa: F401  with REDIS_URL: `celery -A app:celery_app worker`
