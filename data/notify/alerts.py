"""Which approved figures change a measure's picture for the worse (or back to good), told once per change.

Each run judges every targeted measure on its latest approved period, the same way the exceptions report does
(`data.reporting.exceptions.examine`), and compares with what it saw last time (table `alert_state`). A condition
that was not there before is an event: *below target*, *a new special cause of concern*, *the year-end forecast
moved to a miss*; a measure that was below target and is now on target is *back on target*. A measure seen for
the first time is only recorded (a council that switches alerts on is not sent its whole backlog).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.core import loaders
from data.core.models import AlertState, Observation
from data.core.periods import Period
from data.performance.formatting import format_value
from data.performance.status import Status
from data.reporting import exceptions

CONDITIONS = {"below_target": "below_target", "concern": "concern", "forecast": "forecast_miss"}


@dataclass(frozen=True)
class Event:
    kind: str                 # a data.notify.kinds key
    measure: dict
    period: Period
    value_text: str | None
    target_text: str | None
    reason: str               # the plain-words sentence

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.measure['code']}:{self.period.label}"


def _latest(values: dict) -> Period | None:
    observed = [p for p, v in values.items() if v is not None]
    return max(observed) if observed else None


def _fmt(value, measure: dict) -> str | None:
    """The figure as the pages show it (examine() has already settled the decimals shown)."""
    return None if value is None else format_value(value, measure.get("unit"), measure.get("decimals"))


def _reason(kind: str, case, measure: dict) -> str:
    better = {"higher": "higher is better", "lower": "lower is better"}.get(measure.get("polarity"), "")
    a = case.assessment
    if kind == "below_target":
        return (f"The figure for {a_period(case)} is {_fmt(a.value, measure)} against a target of "
                f"{_fmt(a.target, measure)}, outside the tolerance ({better}).")
    if kind == "concern":
        return ("The latest figure is an unusual change for the worse: statistical process control shows a "
                "special cause of concern, not ordinary month-to-month variation.")
    if kind == "forecast_miss":
        f = case.forecast
        return (f"At the current rate the year is forecast to end at {_fmt(f.value, measure)} against a year-end "
                f"target of {_fmt(f.target, measure)}.")
    return (f"The figure for {a_period(case)} is {_fmt(a.value, measure)} against a target of "
            f"{_fmt(a.target, measure)}: back on target.")


def a_period(case) -> str:
    effective = getattr(case.assessment, "effective", None)
    return effective.name if effective is not None else "the latest period"


def _stamp(value) -> str | None:
    """A figure's updated_at as comparable text (SQLite gives it back without a time zone, PostgreSQL with)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat()


def check(session: Session, now: datetime | None = None) -> list[Event]:
    """The events since the last run, worst first; records what was seen (in the caller's transaction).

    Only measures whose approved figures changed since they were last judged are judged again (their newest
    figure's `updated_at` is kept in `alert_state.checked_at`), so a run after one sign-off costs a few measures,
    not the whole council."""
    conn = session.connection()
    measures = loaders.measures(conn)
    if measures.empty:
        return []
    targeted = measures[measures["kind"] != "data only"]
    newest = {mid: _stamp(at) for mid, at in session.execute(
        select(Observation.measure_id, func.max(Observation.updated_at))
        .where(Observation.state.in_(loaders.PUBLISHED_STATES)).group_by(Observation.measure_id))}
    seen = {s.measure_id: s for s in session.scalars(select(AlertState))}
    changed = [m for m in targeted.to_dict("records") if int(m["id"]) in newest
               and (int(m["id"]) not in seen or _stamp(seen[int(m["id"])].checked_at) != newest[int(m["id"])])]
    if not changed:
        return []
    ids = [int(m["id"]) for m in changed]
    figures = loaders.figures(conn, ids)
    changes = loaders.process_changes_of(conn, ids)
    events = []
    for m in changed:
        values, targets = figures.get(int(m["id"]), ({}, {}))
        latest = _latest(values)
        if latest is None:
            continue
        stamp = datetime.fromisoformat(newest[int(m["id"])])
        case = exceptions.examine(m, values, targets, changes.get(int(m["id"]), []), latest)
        now_true = {CONDITIONS[r] for r in case.reasons if r in CONDITIONS}
        state = seen.get(int(m["id"]))
        if state is None:
            session.add(AlertState(measure_id=int(m["id"]), period=latest.label,
                                   conditions=",".join(sorted(now_true)), checked_at=stamp))
            continue
        before = set(filter(None, state.conditions.split(",")))
        kinds = sorted(now_true - before)
        if "below_target" in before and case.assessment.status is Status.ON_TARGET:
            kinds.append("back_on_target")
        for kind in kinds:
            events.append(Event(kind, case.measure, latest, _fmt(case.assessment.value, case.measure),
                                _fmt(case.assessment.target, case.measure), _reason(kind, case, case.measure)))
        state.period, state.conditions, state.checked_at = latest.label, ",".join(sorted(now_true)), stamp
    order = ("below_target", "concern", "forecast_miss", "back_on_target")
    return sorted(events, key=lambda e: (order.index(e.kind), e.measure["code"]))
