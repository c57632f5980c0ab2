"""Running in production: structured logs with a request id, and the /health and /ready probes.

`ops.init_app(server)` once in app.py; `ops.logs.GunicornLogger` is gunicorn's logger (gunicorn.conf.py).
"""

from __future__ import annotations

from flask import Flask

from ops import health, logs


def init_app(server: Flask) -> None:
    logs.init_app(server)
    health.init_app(server)
