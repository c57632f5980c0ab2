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

    import callbacks  # noqa: F401  registers every @callback
    import ops
    import security
    from callbacks.shell import register_not_found
    from dashboards import shell

    ops.init_app(server)  # JSON logs with a request id, /health and /ready
    # Bootstrap and its icons are vendored in assets/ (dbc.themes.* are CDN URLs an intranet cannot reach).
    dash_app = dash.Dash(__name__, server=server, use_pages=True, pages_folder="dashboards",
                         title=settings.get("COUNCIL_NAME") + " performance", update_title=None,
                         suppress_callback_exceptions=True)
    dash_app.index_string = dash_app.index_string.replace("<html>", '<html lang="en">', 1)
    dash_app.layout = shell.layout
    register_not_found(dash_app)
    security.init_app(server, dash_app)  # sign-in, roles on every request, CSRF, headers, error pages
    return dash_app


if not _imported_by_flask_cli():
    app = _dash_app(server)
