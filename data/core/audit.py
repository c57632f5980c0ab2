"""The audit trail: every change to a value, target, commentary or sign-off state, with who, when, from which
source (file and row, or the form), and the old and new value; and restoring an earlier value.

`store.apply` calls `snapshot` before writing and `record` after, so no write path can skip the record.
Old and new are kept as JSON (`{"value": 0.85, "note": null}` for a value) so a restore is exact.
"""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session

from data.core import version
from data.core.models import AuditEvent, Commentary, Measure, Observation, Target, utcnow
from data.core.periods import Period

FIELDS = ("value", "target", "commentary", "state")
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


def _text(field: str, raw: str | None) -> str:
    if not isinstance(raw, str):     # None, or NaN once pandas has held it
        return "(none)"
    v = json.loads(raw)
    if field == "value":
        if v.get("value") is None:
            return f"No data ({v['note']})" if v.get("note") else "No data"
        return f"{v['value']:g}"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def history(conn: Connection, measure_id: int) -> pd.DataFrame:
    """A measure's changes, newest first (HISTORY_COLUMNS); old_text/new_text are for display."""
    rows = conn.execute(select(AuditEvent.id, AuditEvent.at, AuditEvent.author, AuditEvent.source, AuditEvent.code,
                               AuditEvent.period, AuditEvent.field, AuditEvent.old, AuditEvent.new)
                        .where(AuditEvent.measure_id == int(measure_id))
                        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())).mappings().all()
    frame = pd.DataFrame(rows, columns=HISTORY_COLUMNS[:-2]).astype({"old": object, "new": object})
    frame[["old", "new"]] = frame[["old", "new"]].where(frame[["old", "new"]].notna(), None)
    frame["old_text"] = [_text(f, o) for f, o in zip(frame["field"], frame["old"])]
    frame["new_text"] = [_text(f, n) for f, n in zip(frame["field"], frame["new"])]
    return frame[HISTORY_COLUMNS]


class RestoreError(ValueError):
    """The event cannot be restored (unknown, or not a value, target or state)."""


def restore(engine: Engine, event_id: int, *, author: str | None = None, use: str = "old") -> str:
    """Put back the value an event replaced (`use="old"`) or set (`use="new"`); the restore is itself audited.

    Returns a sentence saying what was restored."""
    with Session(engine) as s, s.begin():
        event = s.get(AuditEvent, int(event_id))
        if event is None:
            raise RestoreError(f"no audit event {event_id}")
        if event.measure_id is None:
            raise RestoreError(f"the measure {event.code} of event {event_id} no longer exists")
        if event.field == "commentary":
            raise RestoreError("commentary is never overwritten, so there is nothing to restore")
        if event.field not in FIELDS:  # an accepted rebase is a process change, not a figure
            raise RestoreError(f"a {event.field} is not a value, target or state, so there is nothing to restore")
        raw = event.old if use == "old" else event.new
        wanted = None if raw is None else json.loads(raw)
        before = snapshot(s, [event.measure_id])
        _put(s, event.measure_id, event.period, event.field, wanted, author)
        record(s, before, [event.measure_id], author=author, source=f"restore of change {event.id}")
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
