"""Configuration, read from environment variables in this one place. Each setting is documented in the README."""

from __future__ import annotations

import os
from collections import namedtuple
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
Setting = namedtuple("Setting", ("name", "default", "help"))

SETTINGS = (
    Setting("DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'performance.db'}",
            "SQLAlchemy URL of the database; PostgreSQL as postgresql+psycopg://user:pass@host/db"),
    Setting("SECRET_KEY", None,
            "Key that signs session cookies; set a long random value in production (otherwise security/ keeps a "
            "random key in instance/secret_key, shared by the workers of one server)"),
    Setting("REDIS_URL", None,
            "Redis URL shared by all workers and servers: computed page data and sign-in rate limits (unset: each "
            "worker keeps its own computed data, rate limits in the database)"),
    Setting("CACHE_TIMEOUT", "3600",
            "Seconds a computed result is kept in Redis (never stale: every write changes the key, so this only "
            "bounds memory)"),
    Setting("COUNCIL_NAME", "Demo District Council", "Council name shown in the header and page titles"),
    Setting("PUBLIC_MODE", "1",
            "1: published, approved figures are open to anyone without signing in; 0: every page needs sign-in"),
    Setting("COOKIE_SECURE", "auto",
            "Secure flag on cookies: auto (when the request came over HTTPS), 1 (always) or 0 (never)"),
    Setting("SESSION_IDLE_MINUTES", "60", "A signed-in session ends after this many minutes without a request"),
    Setting("SESSION_MAX_HOURS", "12", "A signed-in session ends this many hours after signing in, whatever happens"),
    Setting("TRUSTED_PROXIES", "",
            "Addresses or networks of our own reverse proxies (e.g. 127.0.0.1, 10.0.0.0/8): only a request from one "
            "of these may name the client's address in X-Forwarded-For (sign-in limits, logs; gunicorn's "
            "forwarded_allow_ips); empty trusts none"),
    Setting("MAX_UPLOAD_MB", "10",
            "Largest file upload accepted, in megabytes (request bodies are capped just above, allowing for base64)"),
    Setting("IMPORT_MAX_FILE_MB", "50", "Largest file an import reads (command line and page), in megabytes"),
    Setting("IMPORT_MAX_UNPACKED_MB", "200",
            "Largest total of a workbook's unpacked sheets (.xlsx files are zip archives), in megabytes"),
    Setting("IMPORT_MAX_ROWS", "200000", "Most rows one import reads, all sheets together"),
    Setting("IMPORT_MAX_SECONDS", "300", "Longest one import may take to read and check before it is refused"),
    Setting("IMPORT_MAX_MEMORY_MB", "1024", "Most memory one import may add to its worker before it is refused"),
    Setting("TODAY", None,
            "Take this ISO date (2026-12-01) as today: which quarters have ended and which actions are overdue "
            "(unset: the system's date; for tests, training and demonstrations)"),
    Setting("ENVIRONMENT", "auto",
            "production, development, or auto: production when DATABASE_URL is a database server (not SQLite); "
            "in production the app refuses to start without SECRET_KEY"),
    Setting("LOG_FORMAT", "json", "json: one JSON object a line with request id and user; text: plain lines"),
    Setting("BIND", "127.0.0.1:8050", "Address and port gunicorn listens on (gunicorn.conf.py); 0.0.0.0:8050 in a container"),
    Setting("WORKERS", "2", "gunicorn worker processes per server (gunicorn.conf.py)"),
    Setting("SMTP_HOST", None, "Mail server for notifications; unset: nothing is sent (and the notifications page says so)"),
    Setting("SMTP_PORT", "587", "Mail server port"),
    Setting("SMTP_USER", None, "User name for the mail server, if it needs one"),
    Setting("SMTP_PASSWORD", None, "Password for the mail server"),
    Setting("SMTP_STARTTLS", "1", "1: switch to TLS (STARTTLS) before signing in to the mail server; 0: plain (a relay "
            "on the same host)"),
    Setting("MAIL_FROM", "Performance dashboard <performance@localhost>", "Sender of notification e-mails"),
    Setting("APP_URL", "http://127.0.0.1:8050", "The dashboard's address as people reach it: links in e-mails"),
    Setting("RETURN_DUE_WORKING_DAYS", "10",
            "A month's figures are due this many working days (Monday to Friday) after the month ends"),
    Setting("REMINDER_WORKING_DAYS", "3", "Editors are reminded this many working days before their return is due"),
    Setting("EMBED_ALLOWED_ORIGINS", "",
            "Sites that may show the embeddable cards and tables (/embed/...) in a frame, e.g. "
            "https://www.council.gov.uk, separated by spaces or commas; empty: no site may (every other page "
            "refuses framing whatever this says)"),
    Setting("API_RATE_LIMIT", "120", "Read API requests allowed per minute per client address without an API key"),
    Setting("API_KEY_RATE_LIMIT", "600", "Read API requests allowed per minute per API key"),
    Setting("DOWNLOADS_DIR", str(ROOT / "instance" / "reports"),
            "Folder where produced report packs and exports wait for download (a day at most): shared by every "
            "app server and the background worker (one volume), or a download may reach a host without the file"),
    Setting("ACCESSIBILITY_CONTACT", "performance@example.gov.uk",
            "Email address the accessibility statement gives for reporting a problem or asking for another format"),
    Setting("ACCESSIBILITY_REVIEWED", "2 December 2026",
            "Date the accessibility statement says the site was last tested and the statement reviewed"),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str | None:
    """The setting's value from the environment, or its default."""
    return os.environ.get(name) or _BY_NAME[name].default


def production() -> bool:
    """ENVIRONMENT=production, or (auto) a database server: what more than one host would share."""
    chosen = (get("ENVIRONMENT") or "auto").strip().lower()
    if chosen in ("production", "development"):
        return chosen == "production"
    return not get("DATABASE_URL").startswith("sqlite")


def check_production() -> None:
    """Refuse to run in production without the settings every host must share."""
    if production() and not get("SECRET_KEY"):
        raise SystemExit("SECRET_KEY is not set: in production (ENVIRONMENT=production, or a database server in "
                         "DATABASE_URL) every host must sign sessions with the same key. Set SECRET_KEY to a long "
                         "random value, the same on every server.")
