"""One JSON object a line on stderr, for the app's own messages and gunicorn's access log alike: time, level,
logger, message, and within a request its id (`X-Request-ID`, taken from the proxy or made here) and the
signed-in user. `LOG_FORMAT=text` gives plain lines instead (for a terminal)."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, has_request_context, request
from flask_login import current_user

from data.core import settings

REQUEST_ID, USER = "cpd.request_id", "cpd.user"    # WSGI environ keys gunicorn's access log reads back
HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")   # a proxy's id is kept only if it is plainly an id
TEXT_FORMAT = "[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """A record as one JSON line; `extra={"fields": {...}}` adds fields (the access log's method, status, ...)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
                 + f".{int(record.msecs):03d}Z", "level": record.levelname.lower(), "logger": record.name,
                 "message": record.getMessage(), "pid": record.process}
        for key in ("request_id", "user"):
            if getattr(record, key, None):
                entry[key] = getattr(record, key)
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class RequestContext(logging.Filter):
    """Adds the request id and the signed-in user to every record logged while a request is handled."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = request.environ.get(REQUEST_ID)
            record.user = request.environ.get(USER) or _username()
        return True


def _username() -> str | None:
    try:
        return current_user.username if current_user.is_authenticated else None
    except Exception:  # before flask-login has loaded the user (or outside the app): no name
        return None


def formatter() -> logging.Formatter:
    return logging.Formatter(TEXT_FORMAT) if settings.get("LOG_FORMAT") == "text" else JsonFormatter()


def configure() -> None:
    """The root logger writes to stderr in the configured format (gunicorn leaves it bare)."""
    root = logging.getLogger()
    if not any(getattr(h, "_cpd", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler._cpd = True
        handler.addFilter(RequestContext())
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)  # /ready asks alembic every probe
    for handler in root.handlers:
        if getattr(handler, "_cpd", False):
            handler.setFormatter(formatter())


def _start_request() -> None:
    incoming = request.headers.get(HEADER, "")
    request.environ[REQUEST_ID] = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex


def _finish_request(response):
    response.headers[HEADER] = request.environ.get(REQUEST_ID, "")
    request.environ[USER] = _username()
    return response


def init_app(server: Flask) -> None:
    configure()
    server.before_request(_start_request)
    server.after_request(_finish_request)


def access_fields(status, environ: dict, sent, request_time) -> dict:
    """What one access-log line says (gunicorn's logger calls this with its own arguments)."""
    return {"access": True, "method": environ.get("REQUEST_METHOD"), "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING") or None, "status": int(str(status).split()[0]),
            "bytes": sent, "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "remote": environ.get("REMOTE_ADDR"), "request_id": environ.get(REQUEST_ID),
            "user": environ.get(USER), "user_agent": environ.get("HTTP_USER_AGENT")}
