"""Reading the plan and the risk register: SQL in, tidy DataFrames out (each takes a connection first)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from data.core.models import (Action, ActionUpdate, Directorate, InterventionPlan, Measure, MeasureObjective,
                              Milestone, Objective, Priority, Risk, RiskMeasure, RiskObjective, RiskReview, Service)

OBJECTIVE_COLUMNS = ["id", "code", "title", "description", "priority_id", "priority", "priority_slug"]
ACTION_COLUMNS = ["id", "code", "kind", "title", "owner", "directorate_id", "directorate", "directorate_slug",
                  "service_id", "service", "service_slug", "objective_id", "objective_code", "plan_id", "risk_id",
                  "start_date", "due_date", "percent", "status"]
UPDATE_COLUMNS = ["id", "action_id", "period", "status", "percent", "note", "author", "created_at"]
MILESTONE_COLUMNS = ["id", "action_id", "title", "due_date", "completed_on"]
RISK_COLUMNS = ["id", "code", "title", "cause", "effect", "owner", "directorate_id", "directorate", "directorate_slug",
                "service_id", "service", "service_slug", "inherent_likelihood", "inherent_impact",
                "residual_likelihood", "residual_impact", "review_date"]
REVIEW_COLUMNS = ["id", "risk_id", "period", "likelihood", "impact", "review_date", "note", "author", "created_at"]
PLAN_COLUMNS = ["id", "measure_id", "measure_code", "service_id", "period", "opened_by", "opened_on", "closed_on",
                "closing_note"]


def _frame(conn: Connection, q, columns) -> pd.DataFrame:
    return pd.DataFrame(conn.execute(q).mappings().all(), columns=columns)


def objectives(conn: Connection) -> pd.DataFrame:
    q = (select(Objective.id, Objective.code, Objective.title, Objective.description, Objective.priority_id,
                Priority.name.label("priority"), Priority.slug.label("priority_slug"))
         .join(Priority, Objective.priority_id == Priority.id).order_by(Priority.name, Objective.code))
    return _frame(conn, q, OBJECTIVE_COLUMNS)


def measure_objectives(conn: Connection) -> pd.DataFrame:
    """measure_id, measure_code, objective_id: which measures show progress towards which objectives."""
    q = (select(MeasureObjective.measure_id, Measure.code.label("measure_code"), MeasureObjective.objective_id)
         .join(Measure, Measure.id == MeasureObjective.measure_id).order_by(Measure.code))
    return _frame(conn, q, ["measure_id", "measure_code", "objective_id"])


def actions(conn: Connection, kinds=None, ids=None) -> pd.DataFrame:
    """Every action (of the given kinds) with its directorate, service and objective (ACTION_COLUMNS)."""
    q = (select(Action.id, Action.code, Action.kind, Action.title, Action.owner, Action.directorate_id,
                Directorate.name.label("directorate"), Directorate.slug.label("directorate_slug"), Action.service_id,
                Service.name.label("service"), Service.slug.label("service_slug"), Action.objective_id,
                Objective.code.label("objective_code"), Action.plan_id, Action.risk_id, Action.start_date,
                Action.due_date, Action.percent, Action.status)
         .join(Directorate, Directorate.id == Action.directorate_id)
         .outerjoin(Service, Service.id == Action.service_id)
         .outerjoin(Objective, Objective.id == Action.objective_id)
         .order_by(Action.code))
    if kinds:
        q = q.where(Action.kind.in_(list(kinds)))
    if ids is not None:
        q = q.where(Action.id.in_([int(i) for i in ids]))
    return _frame(conn, q, ACTION_COLUMNS)


def updates(conn: Connection, action_ids=None) -> pd.DataFrame:
    """Progress reported on actions, oldest first (UPDATE_COLUMNS)."""
    q = select(*(getattr(ActionUpdate, c) for c in UPDATE_COLUMNS)).order_by(ActionUpdate.created_at,
                                                                             ActionUpdate.id)
    if action_ids is not None:
        q = q.where(ActionUpdate.action_id.in_([int(i) for i in action_ids]))
    return _frame(conn, q, UPDATE_COLUMNS)


def milestones(conn: Connection, action_ids=None) -> pd.DataFrame:
    q = select(*(getattr(Milestone, c) for c in MILESTONE_COLUMNS)).order_by(Milestone.action_id,
                                                                             Milestone.due_date, Milestone.id)
    if action_ids is not None:
        q = q.where(Milestone.action_id.in_([int(i) for i in action_ids]))
    return _frame(conn, q, MILESTONE_COLUMNS)


def risks(conn: Connection) -> pd.DataFrame:
    q = (select(Risk.id, Risk.code, Risk.title, Risk.cause, Risk.effect, Risk.owner, Risk.directorate_id,
                Directorate.name.label("directorate"), Directorate.slug.label("directorate_slug"), Risk.service_id,
                Service.name.label("service"), Service.slug.label("service_slug"), Risk.inherent_likelihood,
                Risk.inherent_impact, Risk.residual_likelihood, Risk.residual_impact, Risk.review_date)
         .join(Directorate, Directorate.id == Risk.directorate_id)
         .outerjoin(Service, Service.id == Risk.service_id).order_by(Risk.code))
    return _frame(conn, q, RISK_COLUMNS)


def risk_objectives(conn: Connection) -> pd.DataFrame:
    q = (select(RiskObjective.risk_id, RiskObjective.objective_id, Objective.code.label("objective_code"))
         .join(Objective, Objective.id == RiskObjective.objective_id))
    return _frame(conn, q, ["risk_id", "objective_id", "objective_code"])


def risk_measures(conn: Connection) -> pd.DataFrame:
    q = (select(RiskMeasure.risk_id, RiskMeasure.measure_id, Measure.code.label("measure_code"))
         .join(Measure, Measure.id == RiskMeasure.measure_id))
    return _frame(conn, q, ["risk_id", "measure_id", "measure_code"])


def risk_reviews(conn: Connection, risk_ids=None) -> pd.DataFrame:
    q = select(*(getattr(RiskReview, c) for c in REVIEW_COLUMNS)).order_by(RiskReview.created_at, RiskReview.id)
    if risk_ids is not None:
        q = q.where(RiskReview.risk_id.in_([int(i) for i in risk_ids]))
    return _frame(conn, q, REVIEW_COLUMNS)


def intervention_plans(conn: Connection, measure_ids=None) -> pd.DataFrame:
    """Intervention plans, newest first, with their measure's code and service (PLAN_COLUMNS)."""
    q = (select(InterventionPlan.id, InterventionPlan.measure_id, Measure.code.label("measure_code"),
                Measure.service_id, InterventionPlan.period, InterventionPlan.opened_by, InterventionPlan.opened_on,
                InterventionPlan.closed_on, InterventionPlan.closing_note)
         .join(Measure, Measure.id == InterventionPlan.measure_id)
         .order_by(InterventionPlan.opened_on.desc(), InterventionPlan.id.desc()))
    if measure_ids is not None:
        q = q.where(InterventionPlan.measure_id.in_([int(i) for i in measure_ids]))
    return _frame(conn, q, PLAN_COLUMNS)


INTERVENTION_COLUMNS = ["measure_id", "plan_id", "code", "title", "owner", "due_date", "status", "percent",
                        "period", "plan_open", "published"]


def intervention_actions(conn: Connection, measure_ids) -> pd.DataFrame:
    """The actions of the measures' intervention plans, latest due first (INTERVENTION_COLUMNS); add `overdue` with
    progress.with_overdue."""
    ids = [int(i) for i in measure_ids]
    q = (select(InterventionPlan.measure_id, Action.plan_id, Action.code, Action.title, Action.owner,
                Action.due_date, Action.status, Action.percent, InterventionPlan.period,
                InterventionPlan.closed_on.is_(None).label("plan_open"), Action.published)
         .join(InterventionPlan, InterventionPlan.id == Action.plan_id)
         .where(InterventionPlan.measure_id.in_(ids)).order_by(Action.due_date.desc(), Action.code))
    return _frame(conn, q, INTERVENTION_COLUMNS)


def actions_and_updates(conn: Connection, kinds=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`actions(kinds)` and their `updates` in one query (a page reads a handful of statements)."""
    q = (select(Action.id, Action.code, Action.kind, Action.title, Action.owner, Action.directorate_id,
                Directorate.name.label("directorate"), Directorate.slug.label("directorate_slug"), Action.service_id,
                Service.name.label("service"), Service.slug.label("service_slug"), Action.objective_id,
                Objective.code.label("objective_code"), Action.plan_id, Action.risk_id, Action.start_date,
                Action.due_date, Action.percent, Action.status, ActionUpdate.id.label("u_id"),
                ActionUpdate.period.label("u_period"), ActionUpdate.status.label("u_status"),
                ActionUpdate.percent.label("u_percent"), ActionUpdate.note.label("u_note"),
                ActionUpdate.author.label("u_author"), ActionUpdate.created_at.label("u_created_at"))
         .join(Directorate, Directorate.id == Action.directorate_id)
         .outerjoin(Service, Service.id == Action.service_id)
         .outerjoin(Objective, Objective.id == Action.objective_id)
         .outerjoin(ActionUpdate, ActionUpdate.action_id == Action.id)
         .order_by(Action.code, ActionUpdate.created_at, ActionUpdate.id))
    if kinds:
        q = q.where(Action.kind.in_(list(kinds)))
    rows = conn.execute(q).mappings().all()
    acts, seen, ups = [], set(), []
    for r in rows:
        if r["id"] not in seen:
            seen.add(r["id"])
            acts.append({c: r[c] for c in ACTION_COLUMNS})
        if r["u_id"] is not None:
            ups.append({"id": r["u_id"], "action_id": r["id"], "period": r["u_period"], "status": r["u_status"],
                        "percent": r["u_percent"], "note": r["u_note"], "author": r["u_author"],
                        "created_at": r["u_created_at"]})
    ups.sort(key=lambda u: (u["created_at"], u["id"]))
    return pd.DataFrame(acts, columns=ACTION_COLUMNS), pd.DataFrame(ups, columns=UPDATE_COLUMNS)


def objectives_of_measure(conn: Connection, measure_id: int) -> pd.DataFrame:
    """The objectives (with their priority) a measure shows progress towards (OBJECTIVE_COLUMNS)."""
    q = (select(Objective.id, Objective.code, Objective.title, Objective.description, Objective.priority_id,
                Priority.name.label("priority"), Priority.slug.label("priority_slug"))
         .join(Priority, Objective.priority_id == Priority.id)
         .join(MeasureObjective, MeasureObjective.objective_id == Objective.id)
         .where(MeasureObjective.measure_id == int(measure_id)).order_by(Objective.code))
    return _frame(conn, q, OBJECTIVE_COLUMNS)


def risks_of_measure(conn: Connection, measure_id: int) -> list[str]:
    q = (select(Risk.code).join(RiskMeasure, RiskMeasure.risk_id == Risk.id)
         .where(RiskMeasure.measure_id == int(measure_id)).order_by(Risk.code))
    return list(conn.execute(q).scalars())
