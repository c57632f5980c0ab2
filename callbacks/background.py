"""The background callback manager: Celery with Redis as the broker when REDIS_URL is set (a worker started with
`celery -A app:celery_app worker`, as `make run` does when REDIS_URL is set), else a disk cache in instance/ with jobs in processes of this
server. One per process, made on first use."""

from __future__ import annotations

import functools

from data.core import settings
from ops import jobs

celery_app = None


@functools.cache
def manager():
    global celery_app
    from dash import CeleryManager, DiskcacheManager

    url = settings.get("REDIS_URL")
    if url:
        from celery import Celery
        celery_app = Celery(__name__, broker=url, backend=url)
        celery_app.task(name="notifications.run")(_run_notifications)
        return CeleryManager(celery_app)
    import diskcache
    return DiskcacheManager(diskcache.Cache(str(settings.ROOT / "instance" / "background")))


def _run_notifications() -> None:
    jobs.run_notifications(jobs.secret())


def notify_soon() -> None:
    """After a sign-off, the notifications run as a job: on the Celery worker when REDIS_URL is set (so a busy web
    worker is not slowed), else in a thread of this worker. Either way the request does not wait for it."""
    manager()
    if celery_app is not None:
        celery_app.send_task("notifications.run")
    else:
        jobs.notify_soon()
