"""Today's date, read in one place so that tests and demonstrations can fix it (the TODAY setting).

Which quarters have ended and which actions are overdue depend on it; nothing else in data/ asks the system clock.
"""

from __future__ import annotations

from datetime import date

from data.core import settings


def today() -> date:
    """The TODAY setting (an ISO date such as 2026-12-01) when set, else the system's date."""
    fixed = settings.get("TODAY")
    if not fixed:
        return date.today()
    try:
        return date.fromisoformat(fixed.strip())
    except ValueError:
        raise ValueError(f"TODAY must be an ISO date such as 2026-12-01, not {fixed!r}") from None


def now():
    """The time now, in UTC (a published period's embargo is compared with it when figures are read)."""
    from datetime import datetime, timezone
    return datetime.now(timezone.utc)
