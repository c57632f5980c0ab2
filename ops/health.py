"""`/health`: the process answers (for a load balancer's liveness check); `/ready`: the database answers, its
schema is at the latest migration and, when REDIS_URL is set, Redis answers (traffic may be sent here)."""

from __future__ import annotations

from flask import Flask, jsonify, request

from data.core import cache, db


def health():
    return _no_store(jsonify(status="ok"), 200)


def ready():
    checks = {"database": db.readiness(db.engine())}
    if cache.client() is not None:
        checks["redis"] = cache.ping()
    ok = all(c["ok"] for c in checks.values())
    return _no_store(jsonify(status="ready" if ok else "not ready", checks=checks), 200 if ok else 503)


def _no_store(response, status: int):
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


PROBES = {"/health": health, "/ready": ready}


def _answer_probe():
    # Runs before every other hook (Dash's first-request layout check reads the database; sign-in too).
    probe = PROBES.get(request.path)
    return probe() if probe and request.method in ("GET", "HEAD") else None


def init_app(server: Flask) -> None:
    """Call before anything else adds request hooks, so a probe never waits on them."""
    server.before_request(_answer_probe)
    for path, view in PROBES.items():
        server.add_url_rule(path, view.__name__, view, methods=["GET"])
