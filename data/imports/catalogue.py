"""The measure catalogue and its targets, changed one at a time (the officer workbench): define or edit a measure,
retire it, set a target, correct a value. Each goes through the importer's own checks (`check.check`, the template's
rules) and writer (`store.store`: all or nothing, audited, bumping the data version), so a measure typed in a form
obeys exactly the rules of one in a file.
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from data.core import audit, clock, loaders, locks, version
from data.core.models import Measure
from data.imports import check, store
from data.imports.intake import existing_measures
from data.imports.problems import ImportRefused

FORM_SOURCE = "workbench"


class CatalogueError(ValueError):
    """Refused input, every problem named by its field: `{"polarity": "'up' is not one of higher, lower, none"}`."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in problems.items()))


def _checked(tables: dict, engine: Engine) -> store.Payload:
    known = existing_measures(engine)
    try:
        return check.check(tables, {c: m.get("frequency") for c, m in known.items()}, clock.today())
    except ImportRefused as refused:
        raise CatalogueError({p.column or "": p.message for p in refused.problems}) from None


def _store(engine: Engine, payload: store.Payload, author: str | None, correction: str | None = None):
    try:
        return store.store(engine, payload, source=FORM_SOURCE, author=author, correction=correction)
    except store.Busy as busy:
        raise CatalogueError({"": str(busy)}) from None
    except locks.Locked as locked:
        raise CatalogueError({"value": locked.problems[0]}) from None


def save_measure(engine: Engine, fields: dict, *, author: str | None, new: bool) -> store.Changes:
    """Define a measure (`new=True`: its code must be unused) or change one's definition (every field is given,
    as on the template's measures sheet; directorate and service by name)."""
    code = (fields.get("code") or "").strip()
    with engine.connect() as conn:
        exists = not loaders.measures(conn, code=code).empty if code else False
    if new and exists:
        raise CatalogueError({"code": f"{code} is already a measure: edit it instead"})
    if not new and not exists:
        raise CatalogueError({"code": check.unknown_measure(code or "(no code)")})
    cells = {k: ("" if fields.get(k) is None else fields.get(k)) for k in store.MEASURE_FIELDS}
    payload = _checked({"measures": [(1, cells)]}, engine)
    return _store(engine, payload, author)


def measure_fields(engine: Engine, code: str) -> dict | None:
    """A stored measure's definition as the form shows it (MEASURE_FIELDS and retired_on), or None."""
    with engine.connect() as conn:
        found = loaders.measures(conn, code=code)
    if found.empty:
        return None
    row = found.iloc[0].to_dict()
    out = {k: (None if row.get(k) is None or row.get(k) != row.get(k) else row.get(k)) for k in store.MEASURE_FIELDS}
    out["retired_on"] = row.get("retired_on") if isinstance(row.get("retired_on"), date) else None
    return out


def retire(engine: Engine, code: str, on: date | None, *, author: str | None) -> str:
    """Retire a measure from `on` (None: bring it back). Its figures and history stay; the change is dated in
    the audit trail. Returns a sentence saying what was done."""
    with Session(engine) as s, s.begin():
        measure = s.scalar(select(Measure).where(Measure.code == code))
        if measure is None:
            raise CatalogueError({"code": check.unknown_measure(code)})
        old = measure.retired_on
        if old == on:
            return f"{code} was already {'retired from ' + f'{on:%-d %b %Y}' if on else 'in use'}."
        s.execute(update(Measure).where(Measure.id == measure.id).values(retired_on=on))
        audit.record_definitions(s, [(measure.id, code, {"retired_on": _day(old)}, {"retired_on": _day(on)})],
                                 author=author, source=FORM_SOURCE)
        version.bump(s)
    return f"{code} retired from {on:%-d %b %Y}: its figures and history are kept." if on else f"{code} is in use again."


def _day(d: date | None) -> str | None:
    return d.isoformat() if d else None


def set_target(engine: Engine, code: str, period: str, target, *, author: str | None) -> store.Changes:
    """Set a measure's target for a year, quarter or month (the template's targets sheet rules)."""
    payload = _checked({"targets": [(1, {"code": code, "period": period, "target": target})]}, engine)
    return _store(engine, payload, author)


def correct_value(engine: Engine, code: str, period: str, value, reason: str | None, *,
                  author: str | None) -> store.Changes:
    """Put a value in, approved; in a closed period only as a correction with its reason (recorded as the source)."""
    payload = _checked({"values": [(1, {"code": code, "period": period, "value": value})]}, engine)
    return _store(engine, payload, author, correction=reason)


def definition_words(raw: str | None) -> dict:
    """The fields an audit event of a definition holds (for tests and the page)."""
    return json.loads(raw) if isinstance(raw, str) else {}
