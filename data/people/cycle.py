"""The quarterly reporting cycle: when each service's return is due, who has submitted, who is late (the chase
list), and which quarters are closed (data.core.locks).

A service's return for a quarter is its measures' figures due in it: each month of a monthly measure, the quarter
of a quarterly one and, in the fourth quarter, the year of an annual one (weekly figures arrive by import and are
not chased). A figure counts as returned once it is submitted or approved (a draft has not been sent).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, delete, insert, select

from data.core import clock, loaders, locks, version
from data.core.models import AuditEvent, Measure, Observation, ReturnDue, Service, utcnow
from data.core.periods import Period, PeriodError
from data.people.entry import due_period

RETURNED_STATES = ("submitted", "approved")
RETURN_COLUMNS = ["service_id", "service", "service_slug", "directorate", "due_on", "expected", "returned",
                  "missing", "status"]
# status: (words, icon) — never colour alone
STATUS_WORDS = {"returned": "Returned", "late": "Late", "due": "Not yet due", "no_due_date": "No due date set"}


class CycleError(ValueError):
    """Bad input for the reporting cycle, with a message fit to show."""


def quarter(label: str | None) -> Period:
    try:
        period = Period.parse(label)
    except (PeriodError, TypeError):
        raise CycleError(f"{label!r} is not a quarter such as 2026/27 Q2") from None
    if period.kind != "quarter":
        raise CycleError(f"{period.label} is not a quarter: the reporting cycle runs by quarter")
    return period


def expected_figures(measure: dict, period: Period) -> list[str]:
    """The period labels a measure reports in a quarter (`due_period` of each of its months, in order)."""
    retired = measure.get("retired_on")
    labels = []
    for month in period.months():
        due = due_period(month, measure["frequency"])
        if due is not None and due.label not in labels and not (retired and due.start >= retired):
            labels.append(due.label)
    return labels


def due_dates(conn: Connection, period: Period) -> dict[int, date]:
    rows = conn.execute(select(ReturnDue.service_id, ReturnDue.due_on).where(ReturnDue.period == period.label))
    return {service_id: due for service_id, due in rows}


def set_due(conn: Connection, label: str, due_on: date | None, service_ids=None, by: str | None = None) -> int:
    """Set (or with `due_on=None` clear) the due date of the quarter's return for the given services (default:
    every service); audited and bumping the data version. Returns how many services changed."""
    period = quarter(label)
    services = dict(conn.execute(select(Service.id, Service.name)).all())
    chosen = list(services) if not service_ids else [int(s) for s in service_ids]
    unknown = [s for s in chosen if s not in services]
    if unknown:
        raise CycleError(f"unknown service {unknown[0]}")
    current, changed = due_dates(conn, period), 0
    for sid in chosen:
        if current.get(sid) == due_on:
            continue
        conn.execute(delete(ReturnDue).where(ReturnDue.period == period.label, ReturnDue.service_id == sid))
        if due_on is not None:
            conn.execute(insert(ReturnDue).values(period=period.label, service_id=sid, due_on=due_on))
        conn.execute(AuditEvent.__table__.insert().values(
            at=utcnow(), author=by, source="reporting cycle", code="", period=period.label, field="due date",
            old=_day(current.get(sid), services[sid]), new=_day(due_on, services[sid])))
        changed += 1
    if changed:
        version.bump(conn)
    return changed


def _day(day: date | None, service: str) -> str | None:
    return None if day is None else json.dumps(f"{service}: due {day:%d %b %Y}")


@dataclass(frozen=True)
class Cycle:
    period: Period
    returns: list[dict]      # RETURN_COLUMNS, one per service with anything due, by directorate and service
    locked: bool

    @property
    def chase(self) -> list[dict]:
        """The late returns: due date passed, figures still missing."""
        return [r for r in self.returns if r["status"] == "late"]


def cycle(conn: Connection, label: str, today: date | None = None) -> Cycle:
    """Every service's return for the quarter: due date, figures expected and returned, and its status."""
    period = quarter(label)
    today = today or clock.today()
    measures = loaders.measures(conn)
    retired = dict(conn.execute(select(Measure.id, Measure.retired_on)).all())
    labels = {p.label for m in period.months() for p in (m, m.widen("quarter"), m.widen("year"))}
    returned = {(mid, p) for mid, p in conn.execute(
        select(Observation.measure_id, Observation.period)
        .where(Observation.period.in_(labels), Observation.state.in_(RETURNED_STATES)))}
    due = due_dates(conn, period)
    by_service: dict[int, dict] = {}
    service_ids = dict(conn.execute(select(Service.slug, Service.id)).all())
    for m in measures.to_dict("records"):
        m["retired_on"] = retired.get(int(m["id"]))
        wanted = expected_figures(m, period)
        if not wanted:
            continue
        sid = service_ids[m["service_slug"]]
        row = by_service.setdefault(sid, {"service_id": sid, "service": m["service"], "service_slug": m["service_slug"],
                                          "directorate": m["directorate"], "due_on": due.get(sid), "expected": 0,
                                          "returned": 0, "missing": []})
        for p in wanted:
            row["expected"] += 1
            if (int(m["id"]), p) in returned:
                row["returned"] += 1
            else:
                row["missing"].append(f"{m['code']} {p}")
    for row in by_service.values():
        row["status"] = _status(row, today)
    rows = sorted(by_service.values(), key=lambda r: (r["directorate"], r["service"]))
    return Cycle(period, rows, period in locks.locked_quarters(conn))


def _status(row: dict, today: date) -> str:
    if row["returned"] >= row["expected"]:
        return "returned"
    if row["due_on"] is None:
        return "no_due_date"
    return "late" if row["due_on"] < today else "due"

