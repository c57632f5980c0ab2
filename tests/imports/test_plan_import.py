"""A council plan and risk register in the canonical template, imported from outside: all or nothing with row-level
messages, counts as imported, overdue on a given date, the golden thread, and importing twice changes nothing."""

from datetime import date

import pytest

from data.core.models import Action, ActionUpdate, AuditEvent, InterventionPlan
from data.imports import export, intake
from data.imports.problems import ImportRefused
from data.plan import edit, progress, records, risks, thread
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.conftest import make_database

TODAY = date(2026, 12, 1)
MEASURES = """code,title,directorate,service,priority,polarity,frequency,kind,rollup,context
HSG01,Rent loss,Housing,Housing Management,Homes for everyone,lower,quarterly,target,mean,
UNE01,Unemployment rate,Housing,Housing Management,Homes for everyone,none,monthly,data only,mean,yes
"""
OBJECTIVES = """code,priority,title,description,measures
H-1,Homes for everyone,Well-managed council homes,,HSG01
H-2,Homes for everyone,Fewer empty homes,,HSG01; UNE01
"""
ACTIONS = """code,title,kind,objective,measure,risk,directorate,service,owner,start_date,due_date,percent,status,period,note
A1,Void turnaround plan,plan,H-1,,,Housing,Housing Management,Sam,2026-04-01,2027-03-31,20,On track,2026/27 Q1,Started
A1,Void turnaround plan,plan,H-1,,,Housing,Housing Management,Sam,2026-04-01,2027-03-31,45,At risk,2026/27 Q2,Contractor late
A2,Stock survey,plan,H-2,,,Housing,,Sam,2026-04-01,2026-11-30,60,on_track,2026/27 Q2,
A3,Empty homes officer,plan,H-2,,,Housing,Housing Management,Sam,2026-04-01,2026-09-30,100,Completed,2026/27 Q2,Done
M1,Damp survey,mitigation,,,R1,Housing,Housing Management,Sam,2026-04-01,2027-03-31,30,Off track,2026/27 Q2,
I1,Weekly void review,intervention,,HSG01,,Housing,Housing Management,Sam,2026-10-01,2027-01-31,0,Not started,,
"""
MILESTONES = """action,title,due_date,completed_on
A1,Contractor appointed,2026-06-30,2026-06-20
A1,Half the voids let,2026-10-31,
"""
RISKS = """code,title,cause,effect,owner,directorate,service,inherent_likelihood,inherent_impact,residual_likelihood,residual_impact,review_date,objectives,measures,period,note
R1,Damp and mould,Old stock,Harm,Sam,Housing,Housing Management,5,5,4,4,2026-11-15,H-1,HSG01,2026/27 Q2,Reviewed
R2,Rent arrears rise,Cost of living,Less income,Sam,Housing,,3,4,2,3,2027-02-28,,,,
"""
INTERVENTIONS = """measure,period,opened_by,opened_on,closed_on,closing_note,actions
HSG01,2026/27 Q1,Sam,2026-07-14,2026-09-30,Back on target for two quarters.,
HSG01,2026/27 Q2,Sam,2026-10-01,,,I1
"""


def folder(tmp_path, **sheets):
    files = {"measures": MEASURES, "objectives": OBJECTIVES, "actions": ACTIONS, "milestones": MILESTONES,
             "risks": RISKS, **sheets}
    for name, content in files.items():
        if content is not None:
            (tmp_path / f"{name}.csv").write_text(content)
    return tmp_path


def test_a_plan_imported_from_outside(engine, tmp_path):
    _, changes = intake.import_file(engine, folder(tmp_path), today=TODAY)
    assert changes.new_actions > 0
    with engine.connect() as conn:
        acts = progress.with_overdue(records.actions(conn, kinds=["plan"]), TODAY)
        register = risks.with_scores(records.risks(conn), TODAY)
        objectives, links = records.objectives(conn), records.measure_objectives(conn)
        notes = conn.execute(select(func.count()).select_from(ActionUpdate)).scalar()
        kinds = dict(conn.execute(select(Action.code, Action.kind)).all())
        plans = records.intervention_plans(conn)
        milestones = records.milestones(conn)
    assert progress.sentence(acts) == "Of 3 actions, 1 is on track, 1 at risk and 1 completed; 1 is overdue."
    assert dict(zip(acts["code"], acts["status"]))["A1"] == "at_risk" and notes == 5   # both quarters kept
    assert kinds == {"A1": "plan", "A2": "plan", "A3": "plan", "M1": "mitigation", "I1": "intervention"}
    assert list(plans["measure_code"]) == ["HSG01"] and len(milestones) == 2
    assert list(register["residual_score"]) == [16, 6] and list(register["review_overdue"]) == [True, False]
    down = thread.down("homes-for-everyone", objectives, links, acts)
    assert [(t.objective["code"], t.measures, list(t.actions["code"])) for t in down] == [
        ("H-1", ["HSG01"], ["A1"]), ("H-2", ["HSG01", "UNE01"], ["A2", "A3"])]
    assert [o["code"] for o in thread.up_from_measure("UNE01", objectives, links)] == ["H-2"]
    _, again = intake.import_file(engine, folder(tmp_path), today=TODAY)
    assert again.nothing


@pytest.mark.parametrize(("sheet", "content", "message"), [
    ("actions", ACTIONS.replace("On track,2026/27 Q1", "Green,2026/27 Q1"),
     "actions, row 2, column status: 'Green' is not a progress status"),
    ("actions", ACTIONS.replace(",H-1,,,Housing,Housing Management,Sam,2026-04-01,2027-03-31,20",
                                ",H-9,,,Housing,Housing Management,Sam,2026-04-01,2027-03-31,20"),
     "actions, row 2, column objective: H-9 is not an objective in this council or this file"),
    ("actions", ACTIONS.replace("2026-11-30,60", "2025-11-30,60"),
     "actions, row 4, column due_date: 30 Nov 2025 is before the start date"),
    ("actions", ACTIONS.replace("I1,Weekly void review,intervention,,HSG01", "I1,Weekly void review,intervention,,"),
     "actions, row 7, column measure: an intervention action names the measure it is for"),
    ("risks", RISKS.replace("5,5,4,4", "5,6,4,4"), "risks, row 2, column inherent_impact: inherent impact must be"),
    ("risks", RISKS.replace(",Housing,,3,4", ",Planning,,3,4"),
     "risks, row 3, column directorate: 'Planning' is not a directorate"),
    ("milestones", MILESTONES.replace("A1,Half", "A7,Half"),
     "milestones, row 3, column action: A7 is not an action in this council or this file"),
    ("objectives", OBJECTIVES.replace("H-2,Homes for everyone", "H-2,Jobs for all"),
     "objectives, row 3, column priority: 'Jobs for all' is not a council priority"),
    ("measures", MEASURES.replace("mean,yes", "mean,maybe"), "measures, row 3, column context: 'maybe' is not yes or no"),
    ("interventions", INTERVENTIONS.replace("2026-07-14", "14/13/2026"),
     "interventions, row 2, column opened_on: '14/13/2026' is not a date"),
    ("interventions", INTERVENTIONS.replace("2026-09-30", "2026-06-30"),
     "interventions, row 2, column closed_on: 30 Jun 2026 is before the plan was opened"),
    ("interventions", INTERVENTIONS.replace("2026-09-30,", ","),
     "interventions, row 2, column closed_on: is empty: give the date the plan closed"),
    ("interventions", INTERVENTIONS.replace("HSG01,2026/27 Q2", "HSG09,2026/27 Q2"),
     "interventions, row 3, column measure: HSG09 is not a measure in this council or this file"),
    ("interventions", INTERVENTIONS.replace("2026-10-01,,,I1", "2026-10-01,,,A1"),
     "interventions, row 3, column actions: A1 is not an intervention action"),
    ("interventions", INTERVENTIONS.replace("HSG01,2026/27 Q2", "UNE01,2026/27 Q2"),
     "interventions, row 3, column actions: I1 is an intervention action for HSG01, not UNE01"),
])
def test_any_problem_refuses_the_whole_file_naming_sheet_row_and_column(engine, tmp_path, sheet, content, message):
    with pytest.raises(ImportRefused) as refused:
        intake.import_file(engine, folder(tmp_path, **{sheet: content}), today=TODAY)
    assert any(str(p).startswith(message) for p in refused.value.problems), [str(p) for p in refused.value.problems]
    with engine.connect() as conn:
        assert records.actions(conn).empty and records.risks(conn).empty    # nothing stored


def _plans(eng):
    """Each intervention plan as the template gives it, with its actions' codes."""
    with eng.connect() as conn:
        plans = conn.execute(select(InterventionPlan.id, InterventionPlan.period, InterventionPlan.opened_by,
                                    InterventionPlan.opened_on, InterventionPlan.closed_on,
                                    InterventionPlan.closing_note).order_by(InterventionPlan.opened_on)).all()
        actions = conn.execute(select(Action.plan_id, Action.code).where(Action.plan_id.is_not(None))).all()
    return [(*p[1:], sorted(code for plan_id, code in actions if plan_id == p[0])) for p in plans]


def test_a_closed_intervention_plan_and_its_note_survive_export_and_import(engine, tmp_path):
    """A plan closed with its note on the measure page, and the measure's next plan, come back as they were after
    export and import into an empty database of the same kind, each action in its own plan; importing the same
    file again adds no plan and changes nothing."""
    (tmp_path / "in").mkdir()
    intake.import_file(engine, folder(tmp_path / "in"), today=TODAY)
    with Session(engine) as s, s.begin():
        first = s.scalar(select(InterventionPlan.id))
        edit.close_plan(s, first, note="Back on target for two quarters.", author="Sam", today=date(2026, 11, 20))
    with Session(engine) as s, s.begin():
        measure = s.scalar(select(InterventionPlan.measure_id))
        edit.open_plan(s, measure, period="2026/27 Q2", actions=[("Check void times weekly", "Sam", "2027-02-28")],
                       author="Sam", today=TODAY)
    before = _plans(engine)
    assert [p[3:] for p in before] == [
        (date(2026, 11, 20), "Back on target for two quarters.", ["I1"]), (None, None, ["IP-HSG01-01"])]
    with engine.connect() as conn:
        files = export.csv_files(export.tables(conn))
    assert files["interventions.csv"].decode().splitlines()[1:] == [
        "HSG01,,,2026-10-01,2026-11-20,Back on target for two quarters.,I1",
        "HSG01,2026/27 Q2,Sam,2026-12-01,,,IP-HSG01-01"]
    other, cleanup = make_database(engine.dialect.name, tmp_path)
    try:
        out = export.write_csv_folder(export.tables(engine.connect()), tmp_path / "out")
        intake.import_file(other, out, today=TODAY)
        assert _plans(other) == before
        with other.connect() as conn:
            assert export.csv_files(export.tables(conn)) == files
        _, again = intake.import_file(other, out, today=TODAY)
        assert again.nothing and _plans(other) == before
    finally:
        cleanup()


def test_an_import_closes_and_reopens_a_stored_plan_in_the_audit_trail(engine, tmp_path):
    (tmp_path / "a").mkdir()
    intake.import_file(engine, folder(tmp_path / "a", interventions=INTERVENTIONS), today=TODAY)
    assert [p[3:] for p in _plans(engine)] == [
        (date(2026, 9, 30), "Back on target for two quarters.", []), (None, None, ["I1"])]
    (tmp_path / "b").mkdir()
    reopened = INTERVENTIONS.replace("2026-09-30,Back on target for two quarters.", ",")
    _, changes = intake.import_file(engine, folder(tmp_path / "b", interventions=reopened), today=TODAY)
    assert not changes.nothing and [p[3:5] for p in _plans(engine)] == [(None, None), (None, None)]
    with engine.connect() as conn:
        events = conn.execute(select(AuditEvent.code, AuditEvent.old, AuditEvent.new)
                              .where(AuditEvent.field == "intervention")).all()
    assert len(events) == 1 and events[0][0] == "HSG01" and "Back on target" in events[0][1]
