"""Changing the plan, on SQLite and PostgreSQL: editors their own services' actions, risks and intervention plans,
officers everything, members and the public nothing; each change audited, restorable, and a data version bump."""

from datetime import date

import pytest
from sqlalchemy import func, select

from data.core import audit, version
from data.core.models import Action, ActionUpdate, AuditEvent, InterventionPlan, Measure, Risk, RiskReview
from data.people import plan_entry
from data.people.access import Forbidden, Viewer
from data.plan.edit import PlanRefused

OFFICER = Viewer(role="officer", username="olga")
MEMBER = Viewer(role="member", username="mina")


@pytest.fixture
def council(demo_copy, monkeypatch):
    monkeypatch.setenv("TODAY", "2026-12-01")
    return demo_copy


def editor_of(engine, code: str, model=Action) -> Viewer:
    with engine.connect() as conn:
        service = conn.execute(select(model.service_id).where(model.code == code)).scalar()
    return Viewer(role="editor", username="eddie", services=frozenset({service}))


def version_of(engine) -> int:
    with engine.connect() as conn:
        return version.number(conn)


def test_an_editor_updates_their_own_action_audited_and_restorable(council):
    eddie = editor_of(council, "A-HOM-04")
    before = version_of(council)
    with council.connect() as conn:
        was = tuple(conn.execute(select(Action.status, Action.percent).where(Action.code == "A-HOM-04")).one())
        events = len(audit.plan_history(conn, ["A-HOM-04"]))   # the demo's own import is in the trail
    said = plan_entry.save_action_progress(council, eddie, "A-HOM-04", status="At risk", percent="55",
                                           note="Contractor delays on void repairs.", author="eddie")
    assert said == "Saved: A-HOM-04 is at risk, 55% complete (2026/27 Q2)."
    assert version_of(council) == before + 1
    with council.connect() as conn:
        action = conn.execute(select(Action.status, Action.percent).where(Action.code == "A-HOM-04")).one()
        notes = conn.execute(select(ActionUpdate.note).join(Action).where(Action.code == "A-HOM-04")
                             .order_by(ActionUpdate.id)).scalars().all()
        trail = audit.plan_history(conn, ["A-HOM-04"])
    assert tuple(action) == ("at_risk", 55)
    assert notes[-1] == "Contractor delays on void repairs." and len(notes) == 3   # history kept, like commentary
    assert trail.iloc[0]["author"] == "eddie" and trail.iloc[0]["new_text"] == "At risk, 55%"
    said = audit.restore(council, int(trail.iloc[0]["id"]), author="olga")
    with council.connect() as conn:
        action = conn.execute(select(Action.status, Action.percent).where(Action.code == "A-HOM-04")).one()
    assert tuple(action) == was and "restored" in said and version_of(council) == before + 2
    with council.connect() as conn:
        assert len(audit.plan_history(conn, ["A-HOM-04"])) == events + 2


@pytest.mark.parametrize("who", [MEMBER, Viewer(), Viewer(role="editor", username="erin", services=frozenset({999}))])
def test_others_may_not_change_an_action(council, who):
    before = version_of(council)
    with pytest.raises(Forbidden):
        plan_entry.save_action_progress(council, who, "A-HOM-04", status="on_track", percent=10, note="x")
    assert version_of(council) == before


def test_bad_progress_is_refused_in_words_and_nothing_is_written(council):
    with council.connect() as conn:
        count = conn.execute(select(func.count()).select_from(ActionUpdate)).scalar()
    for status, percent, words in (("green", 10, "not a progress status"), ("on_track", 140, "from 0 to 100"),
                                   ("on_track", "lots", "a number from 0 to 100")):
        with pytest.raises(PlanRefused, match=words):
            plan_entry.save_action_progress(council, OFFICER, "A-HOM-04", status=status, percent=percent, note="")
    with council.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ActionUpdate)).scalar() == count


def test_completed_means_a_hundred_percent_and_never_overdue(council):
    plan_entry.save_action_progress(council, OFFICER, "A-ECO-05", status="completed", percent=80, note="Done.")
    with council.connect() as conn:
        assert conn.execute(select(Action.percent).where(Action.code == "A-ECO-05")).scalar() == 100


def test_an_editor_reviews_their_risk_and_it_can_be_restored(council):
    eddie = editor_of(council, "R-HC-01", Risk)
    with council.connect() as conn:
        before = conn.execute(select(Risk.residual_likelihood, Risk.residual_impact).where(Risk.code == "R-HC-01")).one()
        reviewed = conn.execute(select(func.count()).select_from(RiskReview).join(Risk)
                                .where(Risk.code == "R-HC-01")).scalar()
    said = plan_entry.save_risk_review(council, eddie, "R-HC-01", likelihood="3", impact="4",
                                       review_date="2027-03-31", note="Hostel opened.", author="eddie")
    assert said == "Saved: R-HC-01 scores 12 (medium) after mitigation (2026/27 Q2)."
    with council.connect() as conn:
        risk = conn.execute(select(Risk.residual_likelihood, Risk.residual_impact, Risk.review_date)
                            .where(Risk.code == "R-HC-01")).one()
        event = conn.execute(select(AuditEvent.id).where(AuditEvent.code == "R-HC-01")
                             .order_by(AuditEvent.id.desc())).first()[0]
    assert tuple(risk) == (3, 4, date(2027, 3, 31))
    audit.restore(council, event)
    with council.connect() as conn:
        risk = conn.execute(select(Risk.residual_likelihood, Risk.residual_impact).where(Risk.code == "R-HC-01")).one()
        reviews = conn.execute(select(func.count()).select_from(RiskReview).join(Risk)
                               .where(Risk.code == "R-HC-01")).scalar()
    assert tuple(risk) == tuple(before) == (4, 4) and reviews == reviewed + 2
    with pytest.raises(Forbidden):
        plan_entry.save_risk_review(council, MEMBER, "R-HC-01", likelihood=1, impact=1, review_date=None, note="")
    with pytest.raises(PlanRefused, match="1 to 5"):
        plan_entry.save_risk_review(council, OFFICER, "R-HC-01", likelihood=6, impact=1, review_date=None, note="")


def test_intervention_plan_opened_below_target_closed_on_target(council):
    with council.connect() as conn:
        measure = conn.execute(select(Measure.id, Measure.service_id).where(Measure.code == "HSG01")).one()
    eddie = Viewer(role="editor", username="eddie", services=frozenset({measure.service_id}))
    with pytest.raises(PlanRefused, match="not below target"):
        plan_entry.save_new_intervention_plan(council, eddie, "HSG01", [("Let voids faster", None, "2027-03-31")],
                                              below_target=False, period="2026/27 Q2")
    with council.connect() as conn:   # close any open plan the demo holds, as an officer would
        open_ = conn.execute(select(InterventionPlan.id).where(InterventionPlan.measure_id == measure.id,
                                                               InterventionPlan.closed_on.is_(None))).scalar()
    if open_ is not None:
        plan_entry.save_plan_closed(council, OFFICER, open_, note="Superseded.", on_target=True)
    with pytest.raises(PlanRefused, match="due date"):
        plan_entry.save_new_intervention_plan(council, eddie, "HSG01", [("Let voids faster", None, None)],
                                              below_target=True, period="2026/27 Q2")
    said = plan_entry.save_new_intervention_plan(council, eddie, "HSG01", [("Let voids faster", None, "2027-03-31")],
                                                 below_target=True, period="2026/27 Q2", author="eddie")
    assert said == "Opened an intervention plan for HSG01 with 1 action."
    with council.connect() as conn:
        plan_id = conn.execute(select(InterventionPlan.id).where(InterventionPlan.measure_id == measure.id,
                                                                 InterventionPlan.closed_on.is_(None))).scalars().one()
        assert conn.execute(select(Action.title).where(Action.plan_id == plan_id)).scalars().all() == \
            ["Let voids faster"]
        trail = audit.history(conn, measure.id)
    assert "intervention" in set(trail["field"])
    with pytest.raises(PlanRefused, match="not back on target"):
        plan_entry.save_plan_closed(council, eddie, plan_id, note="Better", on_target=False)
    with pytest.raises(PlanRefused, match="Say why"):
        plan_entry.save_plan_closed(council, eddie, plan_id, note=" ", on_target=True)
    with pytest.raises(Forbidden):
        plan_entry.save_plan_closed(council, MEMBER, plan_id, note="Better", on_target=True)
    plan_entry.save_plan_closed(council, eddie, plan_id, note="Back on target for two quarters.", on_target=True)
    with council.connect() as conn:
        closed = conn.execute(select(InterventionPlan.closed_on, InterventionPlan.closing_note)
                              .where(InterventionPlan.id == plan_id)).one()
        event = conn.execute(select(AuditEvent.id).where(AuditEvent.field == "intervention")
                             .order_by(AuditEvent.id.desc())).scalar()
    assert closed == (date(2026, 12, 1), "Back on target for two quarters.")
    audit.restore(council, event)    # put back the open plan
    with council.connect() as conn:
        assert conn.execute(select(InterventionPlan.closed_on).where(InterventionPlan.id == plan_id)).scalar() is None
