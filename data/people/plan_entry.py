"""Changing the plan as a signed-in person: editors their own services' actions, risks and intervention plans,
officers every one; members and the public nothing. Every function checks the viewer's right on the server
before it writes (data.plan.edit does the writing, its audit event and the data version bump)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from data.core import clock
from data.core.models import Action, InterventionPlan, Measure, Risk
from data.core.periods import Period
from data.people.access import Forbidden, Viewer, can_edit
from data.plan import edit

PlanRefused = edit.PlanRefused


def reporting_quarter(today: date | None = None) -> str:
    """The quarter progress is reported for: the latest that has ended (in October, Q2 July-September)."""
    today = today or clock.today()
    return Period.of_date(today, "quarter").previous().label


def _check(viewer: Viewer, service_id: int | None, what: str) -> None:
    if not can_edit(viewer, service_id):
        raise Forbidden(f"may not change {what}")


def save_action_progress(engine: Engine, viewer: Viewer, code: str, *, status, percent, note,
                         period: str | None = None, author: str | None = None) -> str:
    with Session(engine) as s, s.begin():
        service_id = s.scalar(select(Action.service_id).where(Action.code == code))
        if service_id is None and s.scalar(select(Action.id).where(Action.code == code)) is None:
            raise PlanRefused(f"There is no action {code}.")
        _check(viewer, service_id, f"action {code}")
        return edit.update_action(s, code, status=status, percent=percent, note=note,
                                  period=period or reporting_quarter(), author=author)


def save_risk_review(engine: Engine, viewer: Viewer, code: str, *, likelihood, impact, review_date, note,
                     period: str | None = None, author: str | None = None) -> str:
    with Session(engine) as s, s.begin():
        risk = s.scalar(select(Risk).where(Risk.code == code))
        if risk is None:
            raise PlanRefused(f"There is no risk {code}.")
        # a risk of a whole directorate (no service): officers only
        _check(viewer, risk.service_id, f"risk {code}")
        return edit.review_risk(s, code, likelihood=likelihood, impact=impact, review_date=review_date, note=note,
                                period=period or reporting_quarter(), author=author)


def save_new_intervention_plan(engine: Engine, viewer: Viewer, measure_code: str, actions: list[tuple], *,
                               below_target: bool, period: str | None, author: str | None = None) -> str:
    """Open a plan for a measure below target (the caller says whether it is, as the page shows it)."""
    with Session(engine) as s, s.begin():
        measure = s.scalar(select(Measure).where(Measure.code == measure_code))
        if measure is None:
            raise PlanRefused(f"There is no measure {measure_code}.")
        _check(viewer, measure.service_id, f"measure {measure_code}")
        if not below_target:
            raise PlanRefused(f"{measure_code} is not below target in {period or 'this period'}: an intervention "
                              "plan is opened for a measure that misses.")
        return edit.open_plan(s, measure.id, period=period, actions=actions, author=author, today=clock.today())


def save_plan_closed(engine: Engine, viewer: Viewer, plan_id: int, *, note, on_target: bool,
                     author: str | None = None) -> str:
    """Close a plan with a note once its measure is back on target (the caller says whether it is)."""
    with Session(engine) as s, s.begin():
        plan = s.get(InterventionPlan, int(plan_id))
        if plan is None:
            raise PlanRefused("That intervention plan no longer exists.")
        measure = s.get(Measure, plan.measure_id)
        _check(viewer, measure.service_id, f"measure {measure.code}")
        if not on_target:
            raise PlanRefused(f"{measure.code} is not back on target yet: the plan stays open.")
        return edit.close_plan(s, plan.id, note=note, author=author, today=clock.today())
