"""gunicorn's settings for the dashboard (`gunicorn -c gunicorn.conf.py`): address, workers, timeouts, the proxies
trusted to say the client's address and scheme, and access logs in the app's JSON form. Values come from the
environment through data/core/settings.py (BIND, WORKERS, TRUSTED_PROXIES, LOG_FORMAT)."""

import gc

from gunicorn.glogging import Logger

from data.core import settings
from ops.logs import access_fields, formatter

wsgi_app = "app:server"
bind = [settings.get("BIND")]
workers = int(settings.get("WORKERS"))
# A request may take this long before its worker is replaced: an import is refused at IMPORT_MAX_SECONDS first.
timeout = int(settings.get("IMPORT_MAX_SECONDS")) + 30
graceful_timeout = 30     # on SIGTERM, requests in flight get this long to finish
keepalive = 5             # seconds an idle connection from the proxy stays open
max_requests = 2000       # workers are replaced now and then (with jitter), so no leak grows for ever
max_requests_jitter = 200
control_socket_disable = True
# Only our reverse proxies may set X-Forwarded-For/-Proto (empty: none); the app reads the same setting.
forwarded_allow_ips = settings.get("TRUSTED_PROXIES") or ""
accesslog = "-"
errorlog = "-"


class JsonLogger(Logger):
    """gunicorn's own messages and its access log in the format of the app's logs (ops/logs.py)."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter())

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        fields = access_fields(resp.status, environ, getattr(resp, "sent", None), request_time)
        self.access_log.info("%s %s %s", fields["method"], fields["path"], fields["status"],
                             extra={"fields": fields})


logger_class = JsonLogger


def post_worker_init(worker) -> None:
    """Once the worker has loaded the app: move everything loaded so far (Dash, Plotly, pandas, the pages: a few
    hundred thousand objects that live as long as the worker) out of the garbage collector's sight. Otherwise each
    full collection walks them all and stalls whichever request is running by about 100 ms, which was most of a
    county directorate page's 95th percentile (170 ms against a median of 50 ms in process; 55-70 ms frozen)."""
    gc.collect()
    gc.freeze()
