"""Write the plan's part of a payload (objectives, actions with their progress, milestones, risks, intervention
plans, and the older intervention actions of measures) by natural keys, inside `store.apply`'s transaction: all or nothing with the
figures. Writing the same payload twice changes nothing the second time; each change of an action's progress or a
risk's scores, and each closing or reopening of an intervention plan, is in the audit trail."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from data.core.models import (Action, ActionUpdate, Directorate, InterventionPlan, Measure, MeasureObjective,
                              Milestone, Objective, Priority, Risk, RiskMeasure, RiskObjective, RiskReview, Service)
from data.core.periods import Period
from data.plan import edit

OLD_STATUS = {"done": "completed", "in progress": "on_track", "open": "not_started", "overdue": "not_started"}
ACTION_FIELDS = ("title", "kind", "owner", "start_date", "due_date")
RISK_FIELDS = ("title", "cause", "effect", "owner", "inherent_likelihood", "inherent_impact", "review_date")


def apply(s: Session, payload, *, author: str | None, source: str | None, today: date) -> int:
    """Store the payload's plan; returns how many rows were added or changed."""
    if not (payload.objectives or payload.plan_actions or payload.milestones or payload.risks or payload.actions
            or payload.interventions):
        return 0
    look = _Lookups(s)
    changed = _objectives(s, payload.objectives, look)
    changed += _risks(s, payload.risks, look, author, source)
    changed += _interventions(s, payload.interventions, look, author, source)
    changed += _old_actions(s, payload.actions, look)
    changed += _actions(s, payload.plan_actions, look, author, source, today)
    changed += _milestones(s, payload.milestones, look)
    return changed


class _Lookups:
    def __init__(self, s: Session):
        self.directorates = {d.name: d for d in s.scalars(select(Directorate))}
        self.services = {(sv.directorate_id, sv.name): sv for sv in s.scalars(select(Service))}
        self.priorities = {p.name: p for p in s.scalars(select(Priority))}
        self.measures = {m.code: m for m in s.scalars(select(Measure))}
        self.objectives = {o.code: o for o in s.scalars(select(Objective))}
        self.risks = {r.code: r for r in s.scalars(select(Risk))}
        self.actions = {a.code: a for a in s.scalars(select(Action))}
        self.service_by_id = {sv.id: sv for sv in self.services.values()}
        self.plan_of_action: dict[str, int] = {}   # intervention action code -> the plan the file puts it in

    def place(self, directorate: str | None, service: str | None) -> tuple[int, int | None]:
        d = self.directorates[directorate]
        return d.id, (self.services[(d.id, service)].id if service else None)


def _links(s: Session, model, key: str, owner_id: int, column: str, wanted: set[int]) -> int:
    have = set(s.scalars(select(getattr(model, column)).where(getattr(model, key) == owner_id)))
    if have == wanted:
        return 0
    s.execute(delete(model).where(getattr(model, key) == owner_id))
    for other in sorted(wanted):
        s.add(model(**{key: owner_id, column: other}))
    return 1


def _objectives(s: Session, rows: list[dict], look: _Lookups) -> int:
    changed = 0
    for o in rows:
        row = {"priority_id": look.priorities[o["priority"]].id, "title": o["title"],
               "description": o.get("description")}
        current = look.objectives.get(o["code"])
        if current is None:
            current = look.objectives[o["code"]] = Objective(code=o["code"], **row)
            s.add(current)
            changed += 1
        elif any(getattr(current, k) != v for k, v in row.items()):
            for k, v in row.items():
                setattr(current, k, v)
            changed += 1
    s.flush()
    for o in rows:
        oid = look.objectives[o["code"]].id
        if o.get("measures") is not None:
            wanted = {look.measures[c].id for c in o["measures"]}
            have = set(s.scalars(select(MeasureObjective.measure_id).where(MeasureObjective.objective_id == oid)))
            if have != wanted:
                s.execute(delete(MeasureObjective).where(MeasureObjective.objective_id == oid))
                for mid in sorted(wanted):
                    s.add(MeasureObjective(measure_id=mid, objective_id=oid))
                changed += 1
    return changed


def _risks(s: Session, rows: list[dict], look: _Lookups, author, source) -> int:
    changed = 0
    for r in rows:
        directorate_id, service_id = look.place(r["directorate"], r.get("service"))
        fields = {k: r.get(k) for k in RISK_FIELDS}
        fields.update(directorate_id=directorate_id, service_id=service_id)
        current = look.risks.get(r["code"])
        if current is None:
            current = look.risks[r["code"]] = Risk(code=r["code"], residual_likelihood=r["residual_likelihood"],
                                                   residual_impact=r["residual_impact"], **fields)
            s.add(current)
            s.flush()
            changed += 1
        elif any(getattr(current, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(current, k, v)
            changed += 1
        if (current.residual_likelihood, current.residual_impact) != (r["residual_likelihood"], r["residual_impact"]):
            old = edit.risk_state(current)
            current.residual_likelihood, current.residual_impact = r["residual_likelihood"], r["residual_impact"]
            edit.audit_event(s, "risk", current.code, r.get("period"), old, edit.risk_state(current),
                             author=author, source=source)
            changed += 1
        if r.get("period"):
            last = s.scalars(select(RiskReview).where(RiskReview.risk_id == current.id,
                                                      RiskReview.period == r["period"])
                             .order_by(RiskReview.created_at.desc(), RiskReview.id.desc())).first()
            review = (r["period"], current.residual_likelihood, current.residual_impact, current.review_date,
                      r.get("note"))
            if last is None or (last.period, last.likelihood, last.impact, last.review_date, last.note) != review:
                s.add(RiskReview(risk_id=current.id, period=r["period"], likelihood=review[1], impact=review[2],
                                 review_date=current.review_date, note=r.get("note"), author=r.get("owner")))
                changed += 1
        if r.get("objectives") is not None:
            changed += _links(s, RiskObjective, "risk_id", current.id, "objective_id",
                              {look.objectives[c].id for c in r["objectives"]})
        if r.get("measures") is not None:
            changed += _links(s, RiskMeasure, "risk_id", current.id, "measure_id",
                              {look.measures[c].id for c in r["measures"]})
    s.flush()
    return changed


def _open_plan(s: Session, look: _Lookups, measure: Measure, period, opened_on) -> InterventionPlan:
    plan = s.scalars(select(InterventionPlan).where(InterventionPlan.measure_id == measure.id)
                     .order_by(InterventionPlan.closed_on.is_(None).desc(), InterventionPlan.id.desc())).first()
    if plan is None:
        plan = InterventionPlan(measure_id=measure.id, period=period, opened_on=opened_on)
        s.add(plan)
        s.flush()
    return plan


def _interventions(s: Session, rows: list[dict], look: _Lookups, author, source) -> int:
    """Intervention plans by measure and opening date (two opened the same day by their order in the file): opened
    by, period, closed on and closing note, and the actions each holds."""
    stored = defaultdict(list)
    for plan in s.scalars(select(InterventionPlan).order_by(InterventionPlan.id)):
        stored[(plan.measure_id, plan.opened_on)].append(plan)
    taken: dict[tuple, int] = defaultdict(int)
    changed = 0
    for p in rows:
        measure = look.measures[p["measure"]]
        key = (measure.id, p["opened_on"])
        plan = stored[key][taken[key]] if taken[key] < len(stored[key]) else None
        taken[key] += 1
        if plan is None:
            plan = InterventionPlan(measure_id=measure.id, period=p.get("period"), opened_by=p.get("opened_by"),
                                    opened_on=p["opened_on"], closed_on=p.get("closed_on"),
                                    closing_note=p.get("closing_note"))
            s.add(plan)
            s.flush()
            stored[key].append(plan)
            changed += 1
        else:
            if (plan.period, plan.opened_by) != (p.get("period"), p.get("opened_by")):
                plan.period, plan.opened_by = p.get("period"), p.get("opened_by")
                changed += 1
            if (plan.closed_on, plan.closing_note) != (p.get("closed_on"), p.get("closing_note")):
                old = edit.plan_state(plan)
                plan.closed_on, plan.closing_note = p.get("closed_on"), p.get("closing_note")
                edit.audit_event(s, "intervention", measure.code, plan.period, old, edit.plan_state(plan),
                                 author=author, source=source, measure_id=measure.id)
                changed += 1
        for code in p.get("actions") or []:
            look.plan_of_action[code] = plan.id
            action = look.actions.get(code)
            if action is not None and action.plan_id != plan.id:   # a stored action; the file's own: _actions
                action.plan_id = plan.id
                changed += 1
    s.flush()
    return changed


def _old_actions(s: Session, rows: list[tuple], look: _Lookups) -> int:
    """(code, title, owner, due date, status, period) rows: each measure's actions are one intervention plan,
    closed once every action is done; codes `IP-<measure>-<nn>` in the rows' order."""
    by_measure = defaultdict(list)
    for row in rows:
        by_measure[row[0]].append(row)
    changed = 0
    for code, old in by_measure.items():
        measure = look.measures[code]
        service = look.service_by_id[measure.service_id]
        opened = min(Period.parse(label).end for *_, label in old) + timedelta(days=14)
        plan = _open_plan(s, look, measure, old[0][5], opened)
        done = all(state == "done" for *_, state, _ in old)
        closed = max(due for _, _, _, due, _, _ in old) if done else None
        if plan.closed_on != closed:
            plan.closed_on = closed
            plan.closing_note = "Every action is done and the measure is monitored monthly." if closed else None
            changed += 1
        for n, (_, title, owner, due, state, label) in enumerate(old, start=1):
            action_code = f"IP-{code}-{n:02d}"
            status = OLD_STATUS.get(state, "not_started")
            fields = {"kind": "intervention", "title": title, "owner": owner, "due_date": due, "status": status,
                      "percent": 100 if status == "completed" else 0, "plan_id": plan.id,
                      "directorate_id": service.directorate_id, "service_id": service.id}
            current = look.actions.get(action_code)
            if current is None:
                look.actions[action_code] = Action(code=action_code, start_date=min(opened, due), **fields)
                s.add(look.actions[action_code])
                changed += 1
            elif any(getattr(current, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(current, k, v)
                changed += 1
    s.flush()
    return changed


def _actions(s: Session, rows: list[dict], look: _Lookups, author, source, today: date) -> int:
    changed = 0
    last_row = {a["code"]: i for i, a in enumerate(rows)}   # an action's current progress is its last row's
    for i, a in enumerate(rows):
        directorate_id, service_id = look.place(a["directorate"], a.get("service"))
        fields = {k: a.get(k) for k in ACTION_FIELDS}
        fields.update(directorate_id=directorate_id, service_id=service_id,
                      objective_id=look.objectives[a["objective"]].id if a.get("objective") else None,
                      risk_id=look.risks[a["risk"]].id if a.get("risk") else None)
        if a["code"] in look.plan_of_action:
            fields["plan_id"] = look.plan_of_action[a["code"]]
        elif a.get("measure"):
            measure = look.measures[a["measure"]]
            fields["plan_id"] = _open_plan(s, look, measure, a.get("period"), a.get("start_date") or today).id
        else:
            fields["plan_id"] = None
        current = look.actions.get(a["code"])
        if current is None:
            current = look.actions[a["code"]] = Action(code=a["code"], status="not_started", percent=0, **fields)
            s.add(current)
            s.flush()
            changed += 1
        elif any(getattr(current, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(current, k, v)
            changed += 1
        progress = (a["status"], a["percent"])
        if last_row[a["code"]] == i and progress != (current.status, current.percent):
            old = edit.action_state(current)
            current.status, current.percent = progress
            edit.audit_event(s, "action", current.code, a.get("period"), old, edit.action_state(current),
                             author=author, source=source)
            changed += 1
        if a.get("period"):   # a quarter's progress is added once: the same row again changes nothing
            last = s.scalars(select(ActionUpdate).where(ActionUpdate.action_id == current.id,
                                                        ActionUpdate.period == a["period"])
                             .order_by(ActionUpdate.created_at.desc(), ActionUpdate.id.desc())).first()
            update = (a["period"], a["status"], a["percent"], a.get("note"))
            if last is None or (last.period, last.status, last.percent, last.note) != update:
                s.add(ActionUpdate(action_id=current.id, period=a["period"], status=a["status"],
                                   percent=a["percent"], note=a.get("note"), author=a.get("owner")))
                changed += 1
    s.flush()
    return changed


def _milestones(s: Session, rows: list[tuple], look: _Lookups) -> int:
    """(action code, title, due date, completed on) rows, by action and title."""
    changed = 0
    ids = {look.actions[code].id for code, *_ in rows}
    existing = {(m.action_id, m.title): m for m in s.scalars(select(Milestone).where(Milestone.action_id.in_(ids)))}
    for code, title, due, done in rows:
        key = (look.actions[code].id, title)
        current = existing.get(key)
        if current is None:
            existing[key] = Milestone(action_id=key[0], title=title, due_date=due, completed_on=done)
            s.add(existing[key])
            changed += 1
        elif (current.due_date, current.completed_on) != (due, done):
            current.due_date, current.completed_on = due, done
            changed += 1
    s.flush()
    return changed
