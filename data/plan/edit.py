"""Changing the plan: progress on an action, a risk's review, opening and closing an intervention plan. Each
change is one transaction with its audit event (old and new as JSON, restorable: data.core.audit.restore) and a
data version bump. The permission check is the caller's (data.people.plan_entry)."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.core import version
from data.core.models import (Action, ActionUpdate, AuditEvent, InterventionPlan, Measure, Risk, RiskReview,
                              Service, utcnow)
from data.core.periods import Period, PeriodError
from data.plan import risks as risk_rules
from data.plan.progress import Progress

MAX_NOTE = 4000
MAX_TITLE = 300


class PlanRefused(ValueError):
    """The change cannot be made; the message says why, in words for the page."""


def _json(v) -> str | None:
    return None if v is None else json.dumps(v, sort_keys=True, default=str)


def audit_event(s: Session, field: str, code: str, period: str | None, old, new, *, author, source,
                measure_id: int | None = None) -> None:
    s.add(AuditEvent(at=utcnow(), author=author, source=(source or "")[:300] or None, measure_id=measure_id,
                     code=code[:40], period=period, field=field, old=_json(old), new=_json(new)))


def action_state(a: Action) -> dict:
    return {"id": a.id, "status": a.status, "percent": a.percent,
            "due_date": a.due_date.isoformat() if a.due_date else None, "owner": a.owner}


def risk_state(r: Risk) -> dict:
    return {"id": r.id, "likelihood": r.residual_likelihood, "impact": r.residual_impact,
            "review_date": r.review_date.isoformat() if r.review_date else None}


def plan_state(p: InterventionPlan) -> dict:
    return {"id": p.id, "closed_on": p.closed_on.isoformat() if p.closed_on else None,
            "closing_note": p.closing_note}


def _note(text) -> str | None:
    text = " ".join(str(text or "").split())
    if len(text) > MAX_NOTE:
        raise PlanRefused(f"The note is longer than {MAX_NOTE} characters.")
    return text or None


def _period(label) -> str:
    try:
        p = Period.parse(label)
    except (PeriodError, TypeError, ValueError):
        raise PlanRefused(f"{label!r} is not a period (for example 2026/27 Q2).") from None
    if p.kind != "quarter":
        raise PlanRefused(f"Progress is reported by quarter, not for {p.label}.")
    return p.label


def _percent(value) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise PlanRefused(f"Percent complete must be a number from 0 to 100, not {value!r}.") from None
    if not 0 <= number <= 100 or number != number:
        raise PlanRefused(f"Percent complete must be from 0 to 100, not {value!r}.")
    return int(round(number))


def service_of_action(s: Session, code: str) -> int | None:
    return s.scalar(select(Action.service_id).where(Action.code == code))


def update_action(s: Session, code: str, *, status, percent, note, period, author: str | None,
                  source: str = "plan page") -> str:
    """Report progress on an action for a quarter, inside the caller's transaction; returns a sentence."""
    action = s.scalar(select(Action).where(Action.code == code))
    if action is None:
        raise PlanRefused(f"There is no action {code}.")
    try:
        progress = Progress.read(status)
    except ValueError as e:
        raise PlanRefused(str(e)) from None
    percent_ = _percent(percent)
    if progress is Progress.COMPLETED:
        percent_ = 100
    label, text = _period(period), _note(note)
    old = action_state(action)
    action.status, action.percent = progress.value, percent_
    s.add(ActionUpdate(action_id=action.id, period=label, status=progress.value, percent=percent_, note=text,
                       author=author))
    audit_event(s, "action", action.code, label, old, action_state(action), author=author, source=source)
    version.bump(s)
    return f"Saved: {action.code} is {progress.words.lower()}, {percent_}% complete ({label})."


def review_risk(s: Session, code: str, *, likelihood, impact, review_date, note, period, author: str | None,
                source: str = "risk page") -> str:
    """Record a risk's review: its residual likelihood and impact now, the next review date, a note."""
    risk = s.scalar(select(Risk).where(Risk.code == code))
    if risk is None:
        raise PlanRefused(f"There is no risk {code}.")
    try:
        lik = risk_rules.check_level(likelihood, "Likelihood")
        imp = risk_rules.check_level(impact, "Impact")
    except ValueError as e:
        raise PlanRefused(str(e) + ".") from None
    when = _date(review_date, "The next review date") if review_date else None
    label, text = _period(period), _note(note)
    old = risk_state(risk)
    risk.residual_likelihood, risk.residual_impact, risk.review_date = lik, imp, when
    s.add(RiskReview(risk_id=risk.id, period=label, likelihood=lik, impact=imp, review_date=when, note=text,
                     author=author))
    audit_event(s, "risk", risk.code, label, old, risk_state(risk), author=author, source=source)
    version.bump(s)
    score = risk_rules.score(lik, imp)
    return f"Saved: {risk.code} scores {score} ({risk_rules.band(score).lower()}) after mitigation ({label})."


def _date(value, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise PlanRefused(f"{what} must be a date such as 2027-03-31, not {value!r}.") from None


def _next_code(s: Session, prefix: str) -> str:
    taken = set(s.scalars(select(Action.code).where(Action.code.like(f"{prefix}%"))))
    n = 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


def open_plan(s: Session, measure_id: int, *, period: str | None, actions: list[tuple], author: str | None,
              today: date, source: str = "measure page") -> str:
    """Open an intervention plan for a measure with its time-bound actions [(title, owner, due date)]."""
    measure = s.get(Measure, int(measure_id))
    if measure is None:
        raise PlanRefused("That measure no longer exists.")
    if s.scalar(select(InterventionPlan.id).where(InterventionPlan.measure_id == measure.id,
                                                  InterventionPlan.closed_on.is_(None))) is not None:
        raise PlanRefused(f"{measure.code} already has an open intervention plan: add to it or close it first.")
    rows = [(" ".join(str(t or "").split()), o, d) for t, o, d in actions if str(t or "").strip()]
    if not rows:
        raise PlanRefused("Give at least one action, with its due date: an intervention plan is time bound.")
    service = s.get(Service, measure.service_id)
    plan = InterventionPlan(measure_id=measure.id, period=period, opened_by=author, opened_on=today)
    s.add(plan)
    s.flush()
    for title, owner, due in rows:
        if len(title) > MAX_TITLE:
            raise PlanRefused(f"An action's title is longer than {MAX_TITLE} characters.")
        if not due:
            raise PlanRefused(f"Give the due date of “{title}”: an intervention plan is time bound.")
        due_ = _date(due, "The due date")
        if due_ < today:
            raise PlanRefused(f"The due date of “{title}” ({due_:%-d %b %Y}) has already passed.")
        s.add(Action(code=_next_code(s, f"IP-{measure.code}-"), kind="intervention", title=title,
                     owner=owner or measure.owner, directorate_id=service.directorate_id, service_id=service.id,
                     plan_id=plan.id, start_date=today, due_date=due_, percent=0, status="not_started"))
        s.flush()
    audit_event(s, "intervention", measure.code, period, None, plan_state(plan), author=author, source=source,
                measure_id=measure.id)
    version.bump(s)
    return f"Opened an intervention plan for {measure.code} with {len(rows)} action{'s' if len(rows) != 1 else ''}."


def close_plan(s: Session, plan_id: int, *, note, author: str | None, today: date,
               source: str = "measure page") -> str:
    """Close an open intervention plan with a note (the measure is back on target)."""
    plan = s.get(InterventionPlan, int(plan_id))
    if plan is None:
        raise PlanRefused("That intervention plan no longer exists.")
    if plan.closed_on is not None:
        raise PlanRefused(f"That plan was already closed on {plan.closed_on:%-d %b %Y}.")
    text = _note(note)
    if not text:
        raise PlanRefused("Say why the plan can close (how the measure came back on target).")
    measure = s.get(Measure, plan.measure_id)
    old = plan_state(plan)
    plan.closed_on, plan.closing_note = today, text
    audit_event(s, "intervention", measure.code, plan.period, old, plan_state(plan), author=author, source=source,
                measure_id=measure.id)
    version.bump(s)
    return f"Closed the intervention plan for {measure.code}."
