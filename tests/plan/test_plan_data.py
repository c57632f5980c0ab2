"""The plan as stored, on SQLite and PostgreSQL: the demo's plan and risks, the golden thread from a priority to its
measures and back, what each viewer sees (the published-period rule), and the old intervention actions moved into
the one action model by the migration."""

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import text

from data.core import db
from data.core.periods import Period
from data.plan import progress, records, risks, thread, visibility

DAY = date(2026, 12, 1)


def test_demo_plan_counts(demo_engine):
    with demo_engine.connect() as conn:
        plan = progress.with_overdue(records.actions(conn, kinds=["plan"]), DAY)
        register = risks.with_scores(records.risks(conn), DAY)
        mitigations = records.actions(conn, kinds=["mitigation"])
        milestones = records.milestones(conn)
        plans = records.intervention_plans(conn)
    assert progress.sentence(plan) == ("Of 40 actions, 31 are on track, 5 at risk, 2 off track and 2 completed; "
                                       "4 are overdue.")
    assert len(register) == 15 and set(mitigations["risk_id"]) == set(register["id"])
    assert len(milestones) > 20 and int(register["review_overdue"].sum()) == 3
    assert (plans["closed_on"].isna()).sum() >= 2    # open intervention plans for measures below target


def test_the_golden_thread_down_and_back(demo_engine):
    with demo_engine.connect() as conn:
        objectives, links = records.objectives(conn), records.measure_objectives(conn)
        acts = records.actions(conn, kinds=["plan"])
    down = thread.down("homes-for-everyone", objectives, links, acts)
    assert [t.objective["code"] for t in down] == ["HOM-1", "HOM-2", "HOM-3"]
    assert "HSG01" in down[1].measures and "A-HOM-04" in set(down[1].actions["code"])
    back = thread.up_from_measure("HSG01", objectives, links)
    assert [(o["code"], o["priority_slug"]) for o in back] == [("HOM-2", "homes-for-everyone")]
    action = acts[acts["code"] == "A-HOM-04"].iloc[0].to_dict()
    assert thread.up_from_action(action, objectives)["priority"] == "Homes for everyone"
    every = {code for t in (x for p in set(objectives["priority_slug"])
                            for x in thread.down(p, objectives, links, acts)) for code in t.actions["code"]}
    assert len(every) == 40   # every plan action hangs from a priority


def test_viewers_see_progress_of_published_quarters_only(demo_engine):
    with demo_engine.connect() as conn:
        acts = records.actions(conn, kinds=["plan"])
        updates = records.updates(conn)
    q2 = Period.parse("2026/27 Q2")
    everyone = visibility.as_seen(acts, updates, None)
    to_q1 = visibility.as_seen(acts, updates, lambda p: p < q2)
    nothing = visibility.as_seen(acts, updates, lambda p: False)
    assert len(everyone) == len(to_q1) == 40 and nothing.empty
    assert set(everyone["note_period"]) == {"2026/27 Q2"} and set(to_q1["note_period"]) == {"2026/27 Q1"}
    assert (everyone["status"] != to_q1["status"]).sum() == 9   # the at risk, off track and completed ones
    # the editor of a service sees their own actions' progress now, unpublished or not
    service = int(acts.iloc[0]["service_id"])
    mine = visibility.as_seen(acts, updates, lambda p: False, lambda s: s == service)
    assert len(mine) == int((acts["service_id"] == service).sum()) > 0


def test_migration_moves_old_intervention_actions_into_the_one_model(tmp_path):
    from alembic import command
    eng = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = db.alembic_config(eng)
    command.upgrade(config, "0301")
    now = datetime(2026, 7, 20, tzinfo=timezone.utc)
    with eng.begin() as conn:
        conn.execute(text("INSERT INTO directorate (id, slug, name) VALUES (1, 'place', 'Place')"))
        conn.execute(text("INSERT INTO service (id, slug, name, directorate_id) VALUES (1, 'waste', 'Waste', 1)"))
        conn.execute(text("INSERT INTO measure (id, code, title, service_id, polarity, frequency, kind, rollup, "
                          "tolerance, tolerance_type) VALUES (1, 'W1', 'Recycling', 1, 'higher', 'monthly', "
                          "'target', 'mean', 0, 'percent')"))
        for i, (title, status, due) in enumerate([("Campaign", "done", "2026-06-30"),
                                                  ("New bins", "in progress", "2026-09-30"),
                                                  ("Review", "overdue", "2026-08-31")], start=1):
            conn.execute(text("INSERT INTO action (id, measure_id, title, owner, due_date, status, period, created_at) "
                              "VALUES (:i, 1, :t, 'Sam', :d, :s, '2026/27 Q1', :c)"),
                         {"i": i, "t": title, "d": due, "s": status, "c": now})
        conn.execute(text("INSERT INTO observation (measure_id, period, period_kind, period_start, value, state, "
                          "updated_at) VALUES (1, '2026-07', 'month', '2026-07-01', 51.5, 'approved', :c)"), {"c": now})
    db.upgrade(eng)
    with eng.connect() as conn:   # the measure's figures survive the new column
        assert conn.execute(text("SELECT value FROM observation")).scalar() == 51.5
        moved = progress.with_overdue(records.intervention_actions(conn, [1]), DAY)
        plans = records.intervention_plans(conn, [1])
    assert len(plans) == 1 and plans.iloc[0]["closed_on"] is None and plans.iloc[0]["period"] == "2026/27 Q1"
    assert dict(zip(moved["title"], moved["status"])) == {"Campaign": "completed", "New bins": "on_track",
                                                          "Review": "not_started"}
    assert dict(zip(moved["title"], moved["overdue"])) == {"Campaign": False, "New bins": True, "Review": True}
    command.downgrade(config, "0301")
    with eng.connect() as conn:
        back = conn.execute(text("SELECT title, status FROM action ORDER BY title")).all()
        kept = conn.execute(text("SELECT value FROM observation")).scalar()
    assert back == [("Campaign", "done"), ("New bins", "in progress"), ("Review", "open")] and kept == 51.5


@pytest.mark.parametrize("kind", ["plan", "mitigation", "intervention"])
def test_one_action_model_holds_every_kind(demo_engine, kind):
    with demo_engine.connect() as conn:
        found = records.actions(conn, kinds=[kind])
    assert len(found) > 5 and set(found["kind"]) == {kind}
