"""The audit trail: every change to a value, target, commentary or sign-off state, with who, when, from which
source (file and row, or the form), and the old and new value; and restoring an earlier value.

`store.apply` calls `snapshot` before writing and `record` after, so no write path can skip the record.
Old and new are kept as JSON (`{"value": 0.85, "note": null}` for a value) so a restore is exact.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone

import pandas as pd
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session

from data.core import locks, version
from data.core.models import (Action, ActionUpdate, AuditEvent, Commentary, InterventionPlan, Measure, Observation,
                              Risk, RiskReview, Target, utcnow)
from data.core.periods import Period

FIELDS = ("value", "target", "commentary", "state")
PLAN_FIELDS = ("action", "risk", "intervention")   # the plan's changes (data.plan.edit), restored below
HISTORY_COLUMNS = ["id", "at", "author", "source", "code", "period", "field", "old", "new", "old_text", "new_text"]


def _dump(v) -> str | None:
    return None if v is None else json.dumps(v, sort_keys=True)


def snapshot(s: Session, measure_ids) -> dict:
    """{(measure_id, period, field): state} for the given measures: values, notes, states, targets, comments."""
    ids = sorted({int(i) for i in measure_ids})
    snap: dict = {}
    if not ids:
        return snap
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for mid, period, value, note, state in s.execute(
                select(Observation.measure_id, Observation.period, Observation.value, Observation.note,
                       Observation.state).where(Observation.measure_id.in_(chunk))):
            snap[(mid, period, "value")] = {"value": value, "note": note}
            snap[(mid, period, "state")] = state
        for mid, period, value in s.execute(select(Target.measure_id, Target.period, Target.value)
                                            .where(Target.measure_id.in_(chunk))):
            snap[(mid, period, "target")] = value
        for mid, period, text in s.execute(select(Commentary.measure_id, Commentary.period, Commentary.text)
                                           .where(Commentary.measure_id.in_(chunk))
                                           .order_by(Commentary.id)):
            snap.setdefault((mid, period, "commentary"), []).append(text)
    return snap


def record(s: Session, before: dict, measure_ids, *, author: str | None, source: str | None,
           sources: dict | None = None) -> int:
    """Add an AuditEvent for every difference between `before` and the measures' state now; returns the count."""
    after = snapshot(s, measure_ids)
    codes = dict(s.execute(select(Measure.id, Measure.code).where(Measure.id.in_(
        sorted({k[0] for k in after} | {k[0] for k in before}) or [-1]))).all())
    now, events = utcnow(), []
    for key in sorted(set(before) | set(after), key=lambda k: (k[0], k[1], FIELDS.index(k[2]))):
        mid, period, field = key
        old, new = before.get(key), after.get(key)
        if field == "commentary":
            added = [t for t in (new or []) if t not in (old or [])]
            pairs = [((old or [None])[-1], t) for t in added]
        else:
            pairs = [(old, new)] if old != new else []
        for o, n in pairs:
            where = (sources or {}).get((field, codes.get(mid), period)) or source
            events.append({"at": now, "author": author, "source": (where or "")[:300] or None, "measure_id": mid,
                           "code": codes.get(mid, "?"), "period": period, "field": field, "old": _dump(o),
                           "new": _dump(n)})
    if events:
        s.execute(AuditEvent.__table__.insert(), events)
    return len(events)


def record_definitions(s, changes, *, author: str | None, source: str | None) -> int:
    """An AuditEvent (field `definition`) per changed measure definition: (measure id, code, old fields or None,
    new fields or None), so what a measure meant can be tracked across years."""
    now = utcnow()
    events = [{"at": now, "author": author, "source": (source or "")[:300] or None, "measure_id": mid, "code": code,
               "period": None, "field": "definition", "old": _dump(old), "new": _dump(new)}
              for mid, code, old, new in changes if old != new]
    if events:
        s.execute(AuditEvent.__table__.insert(), events)
    return len(events)


def _text(field: str, raw: str | None) -> str:
    if not isinstance(raw, str):     # None, or NaN once pandas has held it
        return "(none)"
    if field in PLAN_FIELDS:
        return _plan_text(raw)
    v = json.loads(raw)
    if field == "value":
        if v.get("value") is None:
            return f"No data ({v['note']})" if v.get("note") else "No data"
        return f"{v['value']:g}"
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, dict):   # a measure's definition: the fields that changed
        return "; ".join(f"{k}: {'(none)' if x is None else x}" for k, x in sorted(v.items())) or "(none)"
    return str(v)


def history(conn: Connection, measure_id: int) -> pd.DataFrame:
    """A measure's changes, newest first (HISTORY_COLUMNS); old_text/new_text are for display."""
    rows = conn.execute(select(AuditEvent.id, AuditEvent.at, AuditEvent.author, AuditEvent.source, AuditEvent.code,
                               AuditEvent.period, AuditEvent.field, AuditEvent.old, AuditEvent.new)
                        .where(AuditEvent.measure_id == int(measure_id))
                        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())).mappings().all()
    return _frame(rows)


BROWSE_LIMIT = 500


def browse(conn: Connection, *, code: str | None = None, author: str | None = None, source: str | None = None,
           since=None, until=None, limit: int = BROWSE_LIMIT) -> pd.DataFrame:
    """Changes of every kind, newest first (HISTORY_COLUMNS), filtered by measure code, person (author), a part of
    the source (a file's name, `form`, `correction`) and the days they were made on (`since`, `until` inclusive)."""
    q = select(AuditEvent.id, AuditEvent.at, AuditEvent.author, AuditEvent.source, AuditEvent.code,
               AuditEvent.period, AuditEvent.field, AuditEvent.old, AuditEvent.new)
    if code:
        q = q.where(func.lower(AuditEvent.code) == code.strip().lower())
    if author:
        q = q.where(func.lower(AuditEvent.author) == author.strip().lower())
    if source:
        q = q.where(func.lower(AuditEvent.source).contains(source.strip().lower(), autoescape=True))
    if since:
        q = q.where(AuditEvent.at >= datetime.combine(since, time.min, timezone.utc))
    if until:
        q = q.where(AuditEvent.at < datetime.combine(until + timedelta(days=1), time.min, timezone.utc))
    rows = conn.execute(q.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)).mappings().all()
    return _frame(rows)


def event(conn: Connection, event_id: int) -> dict | None:
    """One change (HISTORY_COLUMNS) by id, or None."""
    rows = conn.execute(select(AuditEvent.id, AuditEvent.at, AuditEvent.author, AuditEvent.source, AuditEvent.code,
                               AuditEvent.period, AuditEvent.field, AuditEvent.old, AuditEvent.new)
                        .where(AuditEvent.id == int(event_id))).mappings().all()
    frame = _frame(rows)
    return None if frame.empty else frame.iloc[0].to_dict()


def _frame(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=HISTORY_COLUMNS[:-2]).astype({"old": object, "new": object})
    frame[["old", "new"]] = frame[["old", "new"]].where(frame[["old", "new"]].notna(), None)
    frame["old_text"] = [_text(f, o) for f, o in zip(frame["field"], frame["old"])]
    frame["new_text"] = [_text(f, n) for f, n in zip(frame["field"], frame["new"])]
    return frame[HISTORY_COLUMNS]


def restorable(field: str) -> bool:
    """Values, targets and sign-off states can be put back; commentary is never overwritten, and definitions,
    publication and accounts are changed where they are managed."""
    return field in FIELDS and field != "commentary"


class RestoreError(ValueError):
    """The event cannot be restored (unknown, or not a value, target or state)."""


def restore(engine: Engine, event_id: int, *, author: str | None = None, use: str = "old",
            reason: str | None = None) -> str:
    """Put back the value an event replaced (`use="old"`) or set (`use="new"`); the restore is itself audited.
    A value or sign-off in a closed period is restored only as a correction, with its `reason`.

    Returns a sentence saying what was restored."""
    with Session(engine) as s, s.begin():
        event = s.get(AuditEvent, int(event_id))
        if event is None:
            raise RestoreError(f"no audit event {event_id}")
        if event.field in PLAN_FIELDS:
            return _restore_plan(s, event, event.old if use == "old" else event.new, author)
        if event.measure_id is None:
            raise RestoreError(f"the measure {event.code} of event {event_id} no longer exists")
        if event.field == "commentary":
            raise RestoreError("commentary is never overwritten, so there is nothing to restore")
        if event.field not in FIELDS:  # an accepted rebase is a process change, not a figure
            raise RestoreError(f"a {event.field} is not a value, target or state, so there is nothing to restore")
        raw = event.old if use == "old" else event.new
        wanted = None if raw is None else json.loads(raw)
        if event.field != "target":
            try:
                locks.check(s, [(event.code, event.period)], reason)
            except locks.Locked as locked:
                raise RestoreError(str(locked)) from None
        before = snapshot(s, [event.measure_id])
        _put(s, event.measure_id, event.period, event.field, wanted, author)
        record(s, before, [event.measure_id], author=author,
               source=locks.source_of(reason, f"restore of change {event.id}"))
        version.bump(s)
        message = f"{event.code} {event.period} {event.field} restored to {_text(event.field, raw)}"
    return message


def _put(s: Session, measure_id: int, label: str, field: str, wanted, author: str | None) -> None:
    if field == "target":
        row = s.scalar(select(Target).where(Target.measure_id == measure_id, Target.period == label))
        if wanted is None:
            if row is not None:
                s.delete(row)
        elif row is None:
            s.add(Target(measure_id=measure_id, period=label, period_start=Period.parse(label).start, value=wanted))
        else:
            row.value = wanted
        return
    row = s.scalar(select(Observation).where(Observation.measure_id == measure_id, Observation.period == label))
    if field == "state":
        if row is None:
            raise RestoreError(f"no value for {label} to set the state of")
        row.state = wanted
    elif wanted is None:
        if row is not None:
            s.delete(row)
    elif row is None:
        p = Period.parse(label)
        s.add(Observation(measure_id=measure_id, period=label, period_kind=p.kind, period_start=p.start,
                          value=wanted["value"], note=wanted["note"], state="approved", updated_by=author))
    else:
        row.value, row.note, row.updated_by, row.updated_at = wanted["value"], wanted["note"], author, utcnow()
    s.flush()


def _restore_plan(s: Session, event: AuditEvent, raw: str | None, author: str | None) -> str:
    """Put an action's progress, a risk's residual scores or an intervention plan's open/closed state back as the
    event recorded it; the restore is a new progress note or review (history is never rewritten) and is audited."""
    if raw is None:
        raise RestoreError(f"change {event.id} created the {event.field}; there is no earlier state to put back")
    wanted = json.loads(raw)
    model = {"action": Action, "risk": Risk, "intervention": InterventionPlan}[event.field]
    row = s.get(model, int(wanted["id"]))
    if row is None:
        raise RestoreError(f"the {event.field} of change {event.id} no longer exists")
    label = event.period
    note = f"Restored from change {event.id}"
    if event.field == "action":
        old = {"id": row.id, "status": row.status, "percent": row.percent,
               "due_date": row.due_date.isoformat() if row.due_date else None, "owner": row.owner}
        row.status, row.percent, row.owner = wanted["status"], wanted["percent"], wanted["owner"]
        row.due_date = date.fromisoformat(wanted["due_date"]) if wanted["due_date"] else None
        s.add(ActionUpdate(action_id=row.id, period=label, status=row.status, percent=row.percent, note=note,
                           author=author))
        text = f"{row.code} restored to {row.status.replace('_', ' ')}, {row.percent}% complete"
    elif event.field == "risk":
        old = {"id": row.id, "likelihood": row.residual_likelihood, "impact": row.residual_impact,
               "review_date": row.review_date.isoformat() if row.review_date else None}
        row.residual_likelihood, row.residual_impact = wanted["likelihood"], wanted["impact"]
        row.review_date = date.fromisoformat(wanted["review_date"]) if wanted["review_date"] else None
        s.add(RiskReview(risk_id=row.id, period=label, likelihood=row.residual_likelihood,
                         impact=row.residual_impact, review_date=row.review_date, note=note, author=author))
        text = f"{row.code} restored to likelihood {row.residual_likelihood}, impact {row.residual_impact}"
    else:
        old = {"id": row.id, "closed_on": row.closed_on.isoformat() if row.closed_on else None,
               "closing_note": row.closing_note}
        row.closed_on = date.fromisoformat(wanted["closed_on"]) if wanted["closed_on"] else None
        row.closing_note = wanted["closing_note"]
        text = f"the intervention plan of {event.code} restored to {'closed' if row.closed_on else 'open'}"
    s.add(AuditEvent(at=utcnow(), author=author, source=f"restore of change {event.id}", measure_id=event.measure_id,
                     code=event.code, period=label, field=event.field, old=_dump(old), new=_dump(wanted)))
    version.bump(s)
    return text


def plan_history(conn: Connection, codes) -> pd.DataFrame:
    """The audit trail of actions, risks or intervention plans by code, newest first (HISTORY_COLUMNS)."""
    rows = conn.execute(select(AuditEvent.id, AuditEvent.at, AuditEvent.author, AuditEvent.source, AuditEvent.code,
                               AuditEvent.period, AuditEvent.field, AuditEvent.old, AuditEvent.new)
                        .where(AuditEvent.field.in_(PLAN_FIELDS), AuditEvent.code.in_(list(codes)))
                        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())).mappings().all()
    frame = pd.DataFrame(rows, columns=HISTORY_COLUMNS[:-2]).astype({"old": object, "new": object})
    frame["old_text"] = [_plan_text(o) for o in frame["old"]]
    frame["new_text"] = [_plan_text(n) for n in frame["new"]]
    return frame[HISTORY_COLUMNS]


def _plan_text(raw) -> str:
    if not isinstance(raw, str):
        return "(none)"
    v = json.loads(raw)
    if "status" in v:
        return f"{v['status'].replace('_', ' ').capitalize()}, {v['percent']}%"
    if "likelihood" in v:
        return f"Likelihood {v['likelihood']}, impact {v['impact']}"
    return f"Closed {v['closed_on']}" if v.get("closed_on") else "Open"
