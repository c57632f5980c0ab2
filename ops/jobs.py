"""Work that must not hold up a request: after a sign-off, the notifications run in a background thread of the
worker that took it. Nothing is kept in the worker: the run reads and writes only the database, so a worker that
dies mid-run loses nothing (`flask --app app send-notifications` from cron picks up whatever is due)."""

from __future__ import annotations

import logging
import threading

from data.core import db, settings
from data.notify import run
from security.headers import instance_secret_key

log = logging.getLogger("notifications")


def run_notifications(secret: str) -> None:
    try:
        report = run.run(db.engine(), secret=secret)
        for line in report.lines():
            log.info(line)
    except Exception:
        log.exception("notifications after a sign-off failed; the next send-notifications run tries again")


def secret() -> str:
    """The key that signs unsubscribe links: the app's own (SECRET_KEY, or the key file security/ keeps)."""
    return settings.get("SECRET_KEY") or instance_secret_key()


def notify_soon() -> threading.Thread:
    """Start a notifications run off the request thread; returns the thread (tests join it)."""
    thread = threading.Thread(target=run_notifications, args=(secret(),), name="notifications", daemon=True)
    thread.start()
    return thread
