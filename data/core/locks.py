"""Closed periods: a locked quarter's values change only through a recorded correction with a reason.

Data entry, sign-off, imports and restores all ask `refusals` before they write a value; the workbench locks and
unlocks quarters (`lock`, `unlock`), each change audited and bumping the data version.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, select
from sqlalchemy.orm import Session

from data.core import version
from data.core.models import AuditEvent, PeriodLock, utcnow
from data.core.periods import Period

CORRECTION = "correction: "   # how a correction's reason is written into the audit trail's source


class Locked(ValueError):
    """A write to a closed period without a correction reason; `problems` names each figure."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def locked_quarters(conn: Connection | Session) -> set[Period]:
    return {Period.parse(label) for label in conn.execute(select(PeriodLock.period)).scalars()}


def covers(period: Period, locked: set[Period]) -> bool:
    """A month or quarter is closed with its quarter; a year's own figure (annual measures) with its fourth quarter."""
    if period.kind == "year":
        return period.quarters()[-1] in locked
    return period.widen("quarter") in locked


def refusals(conn, figures, reason: str | None) -> list[str]:
    """`figures` are (code, period label) pairs about to change: each one in a closed period, when no reason is
    given for the correction (an empty list: the write may go ahead)."""
    if reason and reason.strip():
        return []
    locked = locked_quarters(conn)
    if not locked:
        return []
    return [f"{code} {label}: {Period.parse(label).widen('quarter').label} is closed; a change needs a correction "
            f"with its reason" for code, label in figures if covers(Period.parse(label), locked)]


def check(conn, figures, reason: str | None) -> None:
    """Raise Locked when a figure is in a closed period and no correction reason was given."""
    problems = refusals(conn, figures, reason)
    if problems:
        raise Locked(problems)


def source_of(reason: str | None, source: str | None) -> str | None:
    """The audit trail's source for a write: a correction's reason first, so the trail says why."""
    if reason and reason.strip():
        return (CORRECTION + reason.strip() + (f" ({source})" if source else ""))[:300]
    return source


def _event(conn, label: str, old, new, author: str | None) -> None:
    conn.execute(AuditEvent.__table__.insert().values(at=utcnow(), author=author, source="workbench", code="",
                                                      period=label, field="lock", old=old, new=new))


def lock(conn: Connection, label: str, by: str | None = None) -> list[str]:
    """Close a quarter, or a year's four quarters; returns the quarters newly closed."""
    period = Period.parse(label)
    if period.kind not in ("quarter", "year"):
        raise ValueError("close a quarter or a year, not a month")
    done = {p.label for p in locked_quarters(conn)}
    new = [q.label for q in period.quarters() if q.label not in done]
    for q in new:
        conn.execute(PeriodLock.__table__.insert().values(period=q, locked_at=utcnow(), locked_by=by))
        _event(conn, q, '"open"', '"closed"', by)
    if new:
        version.bump(conn)
    return new


def unlock(conn: Connection, label: str, by: str | None = None) -> list[str]:
    period = Period.parse(label)
    labels = [q.label for q in period.quarters()] if period.kind in ("quarter", "year") else []
    present = set(conn.execute(select(PeriodLock.period).where(PeriodLock.period.in_(labels))).scalars())
    conn.execute(delete(PeriodLock).where(PeriodLock.period.in_(labels)))
    for q in sorted(present):
        _event(conn, q, '"closed"', '"open"', by)
    if present:
        version.bump(conn)
    return sorted(present)
