"""Accepting a suggested rebase: an officer (or an editor of the service) confirms that the process changed where
the shift or trend began, with a reason. It is stored as a process change, where the SPC limits then rebase, and
recorded in the audit trail; the permission check is the caller's (data.people.access.can_edit)."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from data.core import version
from data.core.models import AuditEvent, Measure, ProcessChange, utcnow
from data.core.periods import Period

MAX_REASON = 2000
FIELD = "rebase"  # the audit trail's field for an accepted process change


class RebaseRefused(ValueError):
    """The rebase cannot be recorded; the message says why, in words for the page."""


def accept(engine: Engine, measure_id: int, changed_on: date | str, reason: str, *, author: str | None,
           source: str = "measure page") -> str:
    """Store the process change and its audit event in one transaction; returns a sentence saying what was done."""
    changed_on = date.fromisoformat(changed_on) if isinstance(changed_on, str) else changed_on
    reason = " ".join((reason or "").split())
    if not reason:
        raise RebaseRefused("Give the reason the process changed (what changed in the service, and when).")
    if len(reason) > MAX_REASON:
        raise RebaseRefused(f"The reason is longer than {MAX_REASON} characters.")
    label = Period.month(changed_on.year, changed_on.month).label
    with Session(engine) as s, s.begin():
        measure = s.get(Measure, int(measure_id))
        if measure is None:
            raise RebaseRefused("That measure no longer exists.")
        if s.scalar(select(ProcessChange.id).where(ProcessChange.measure_id == measure.id,
                                                   ProcessChange.changed_on == changed_on)) is not None:
            raise RebaseRefused(f"The limits of {measure.code} already rebase at {changed_on:%-d %b %Y}.")
        code = measure.code
        s.add(ProcessChange(measure_id=measure.id, changed_on=changed_on, reason=reason))
        s.add(AuditEvent(at=utcnow(), author=author, source=source, measure_id=measure.id, code=measure.code,
                         period=label, field=FIELD, old=None,
                         new=json.dumps(f"process change from {changed_on.isoformat()}: {reason}")))
        version.bump(s)   # the SPC icons and sentences change: computed figures are worked out again
    return f"Recorded: the limits of {code} are recalculated from {changed_on:%B %Y} ({reason})."
