"""The workbench page and its callbacks, as an officer: each section drawn from the URL, each action made through
its callback (the same function the browser's request reaches) with what it says, and bad input refused clearly."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

import app  # noqa: F401  registers the pages and callbacks
from callbacks import workbench as actions
from dashboards import ids
from dashboards import workbench as page
from data.core import audit, clock, loaders
from data.core.models import Measure, Observation
from data.people import access, users
from tests.conftest import point_app_at, private_copy
from tests.pages.render import by_id, text_of
from tests.people.test_read_scope import MEMBER, OFFICER, as_viewer

Q2 = "2026/27 Q2"
SEARCH = {s: f"?section={s}" for s in ("publish", "cycle", "measures", "users", "audit")}


@pytest.fixture
def council(demo_sqlite_url, tmp_path, monkeypatch):
    url = private_copy(demo_sqlite_url, tmp_path / "workbench.db")
    yield from point_app_at(url, monkeypatch, TODAY="2026-12-01", REDIS_URL=None)


def draw(**query):
    with as_viewer(OFFICER):
        return page.layout(render="page", **query)


def said(answer) -> str:
    message, _body = answer
    return " ".join(text_of(message).split())


def as_officer(callback, *args):
    with as_viewer(OFFICER):
        return callback(*args)


@pytest.mark.parametrize(("query", "control", "value"), [
    ({"section": "publish", "period": "2026/27 Q1"}, ids.WORKBENCH_PERIOD, "2026/27 Q1"),
    ({"section": "cycle", "quarter": "2026/27 Q1"}, ids.WORKBENCH_QUARTER, "2026/27 Q1"),
    ({"section": "measures", "measure": "HSG01"}, ids.WORKBENCH_MEASURE, "HSG01"),
    ({"section": "audit", "code": "HSG01", "since": "2020-01-01"}, ids.WORKBENCH_CODE, "HSG01"),
])
def test_each_section_is_drawn_from_the_url(council, query, control, value):
    tree = draw(**query)
    assert by_id(tree, control).value == value
    shown = by_id(tree, ids.WORKBENCH_SHOWN).data
    assert shown[ids.query_key(control)] == value
    assert f"Workbench: {page.workbench.SECTIONS[query['section']]}" in text_of(tree)


def test_the_preview_is_the_public_view_of_the_chosen_period(council):
    with council.begin() as conn:
        access.unpublish(conn, Q2)
    words = text_of(by_id(draw(section="publish", period=Q2), ids.WORKBENCH_PREVIEW))
    assert "Not public yet" in words and "Of 60 measures" in words
    with council.connect() as conn:
        public = access.visible_periods(conn, access.PUBLIC)
    assert Q2 not in [p.label for p in public]   # previewing showed it without publishing it


def test_publish_with_an_embargo_then_it_publishes_itself(council, monkeypatch):
    release = datetime(2026, 12, 3, 9, 30, tzinfo=timezone.utc)   # GMT in December
    monkeypatch.setattr(clock, "now", lambda: release - timedelta(days=1))   # the officer publishes the day before
    with council.begin() as conn:
        access.unpublish(conn, Q2)
    answer = as_officer(actions.publish_period, 1, Q2, "2026-12-03", "09:30", SEARCH["publish"] + f"&period={Q2}")
    assert said(answer) == ("Done: Published 2026/27 Q2: the public sees it from 3 Dec 2026 09:30 (UK time).")
    assert "Embargoed until 3 Dec 2026 09:30" in text_of(answer[1])
    monkeypatch.setattr(clock, "now", lambda: release - timedelta(minutes=1))
    with council.connect() as conn:
        assert Q2 not in [p.label for p in access.visible_periods(conn, access.PUBLIC)]
    monkeypatch.setattr(clock, "now", lambda: release)
    with council.connect() as conn:
        assert Q2 in [p.label for p in access.visible_periods(conn, access.PUBLIC)]
    answer = as_officer(actions.withdraw_period, 1, Q2, SEARCH["publish"])
    assert said(answer) == "Done: Withdrew 1 quarter(s) of 2026/27 Q2 from public view."


@pytest.mark.parametrize(("callback", "args", "words"), [
    (actions.publish_period, (1, Q2, "2026-13-01", "09:30"), "the release date and time 2026-13-01 09:30 are not"),
    (actions.publish_period, (1, Q2, "", "09:30"), "give the release date as well as its time"),
    (actions.publish_period, (1, "2026-08", "", ""), "publish a quarter or a year, not a month"),
    (actions.set_due_date, (1, Q2, "31/12/2026", "all"), "The due date '31/12/2026' is not a date"),
    (actions.set_target, (1, "HSG01", "next year", "5"), "period:"),
    (actions.set_target, (1, "HSG01", "2027/28", "five"), "target:"),
    (actions.correct_value, (1, "NOPE1", Q2, "5", ""), "NOPE1 is not a measure in this council"),
    (actions.create_user, (1, "x", None, "member", []), ""),
])
def test_bad_input_gets_a_clear_message_and_changes_nothing(council, callback, args, words):
    with council.connect() as conn:
        before = conn.exec_driver_sql("SELECT version FROM data_version").scalar()
    if callback is actions.create_user:   # a name already taken
        with council.begin() as conn:
            users.create(conn, "x", None)
        with council.connect() as conn:
            before = conn.exec_driver_sql("SELECT version FROM data_version").scalar()
        words = "user 'x' already exists"
    message, body = as_officer(callback, *args, SEARCH["publish"])
    assert text_of(message).startswith("Not done: ") and words in " ".join(text_of(message).split())
    assert body is actions.no_update
    with council.connect() as conn:
        assert conn.exec_driver_sql("SELECT version FROM data_version").scalar() == before


def test_a_late_return_is_on_the_chase_list_and_a_closed_period_takes_a_correction(council):
    with council.begin() as conn:   # one monthly figure of Q2 still a draft: that service has not returned
        measure = conn.execute(select(Measure.id, Measure.code).where(Measure.frequency == "monthly")).first()
        conn.execute(Observation.__table__.update().where(Observation.measure_id == measure.id,
                                                          Observation.period == "2026-09").values(state="draft"))
    search = SEARCH["cycle"] + f"&quarter={Q2}"
    answer = as_officer(actions.set_due_date, 1, Q2, "2026-10-31", "all", search)
    assert said(answer).startswith("Done: Due date set for 14 service(s).")
    chase = text_of(by_id(answer[1], ids.WORKBENCH_CHASE))
    assert "Chase list: 1 late return" in chase and f"{measure.code} 2026-09" in chase
    answer = as_officer(actions.close_period, 1, Q2, search)
    assert "2026/27 Q2 is closed" in said(answer)
    refused = as_officer(actions.correct_value, 1, measure.code, "2026-09", "12", "", search)
    assert "2026/27 Q2 is closed; a change needs a correction with its reason" in said(refused)
    done = as_officer(actions.correct_value, 1, measure.code, "2026-09", "12", "Late count from the contractor",
                      search)
    assert said(done) == f"Done: {measure.code} 2026-09 saved."
    with council.connect() as conn:
        latest = audit.browse(conn, code=measure.code).head(2).set_index("field")
    assert latest.loc["value", "new_text"] == "12" and latest.loc["state", "new_text"] == "approved"
    assert set(latest["source"]) == {"correction: Late count from the contractor (workbench)"}


def test_define_a_measure_set_its_target_and_retire_it(council):
    fields = {"code": "NEW01", "title": "Food hygiene inspections", "description": "", "service": "planning",
              "priority": "", "owner": "", "unit": "%", "decimals": "", "polarity": "higher",
              "frequency": "quarterly", "kind": "target", "rollup": "mean", "tolerance": "lots",
              "tolerance_type": "percent"}
    with council.connect() as conn:
        fields["service"] = loaders.services(conn)["slug"].iloc[0]
    refused = as_officer(actions.save_measure, 1, "all", fields, SEARCH["measures"])
    assert said(refused).startswith("Not done: tolerance:")
    created = as_officer(actions.save_measure, 1, "all", {**fields, "tolerance": "5"}, SEARCH["measures"])
    assert said(created).startswith("Done: NEW01 created")
    search = SEARCH["measures"] + "&measure=NEW01"
    assert said(as_officer(actions.set_target, 1, "NEW01", "2026/27", "90%", search)) == \
        "Done: NEW01 target for 2026/27 saved."
    edited = as_officer(actions.save_measure, 1, "NEW01", {**fields, "tolerance": "10", "code": "IGNORED"}, search)
    assert said(edited) == "Done: NEW01: definition saved."
    retired = as_officer(actions.retire_measure, 1, "NEW01", "2027-04-01", search)
    assert "NEW01 retired from 1 Apr 2027" in said(retired)
    words = text_of(retired[1])
    assert "Retired from 1 Apr 2027" in words and "tolerance: 5" in words and "tolerance: 10" in words
    assert "2026/27 90" in words


def test_users_created_changed_reset_and_deactivated(council):
    with council.connect() as conn:
        slug = loaders.services(conn)["slug"].iloc[0]
    created = said(as_officer(actions.create_user, 1, "Sam", "Sam Smith", "editor", [slug], SEARCH["users"]))
    password = created.rsplit(" ", 1)[-1]
    with council.begin() as conn:
        account = users.authenticate(conn, "sam", password)
    assert account.role == "editor" and len(account.services) == 1
    assert "Done: sam is now member" in said(as_officer(actions.save_user, 1, "sam", "member", [], SEARCH["users"]))
    reset = said(as_officer(actions.reset_password, 1, "sam", SEARCH["users"]))
    with council.begin() as conn:
        assert users.authenticate(conn, "sam", password) is None
        assert users.authenticate(conn, "sam", reset.split("shown only now: ")[1].split(" ")[0]) is not None
    assert said(as_officer(actions.deactivate_user, 1, "sam", SEARCH["users"])) == "Done: sam can no longer sign in."
    with council.connect() as conn:
        assert [u["active"] for u in users.listing(conn) if u["username"] == "sam"] == [False]
    assert said(as_officer(actions.reactivate_user, 1, "sam", SEARCH["users"])) == "Done: sam can sign in again."


def test_restore_an_earlier_value_from_the_audit_trail(council):
    with council.connect() as conn:
        code = "HSG01"
        mid = int(loaders.measures(conn, code=code)["id"].iloc[0])
        period = conn.execute(select(Observation.period).where(Observation.measure_id == mid)
                              .order_by(Observation.period_start.desc())).scalars().first()
    as_officer(actions.correct_value, 1, code, period, "99", "", SEARCH["audit"])
    with council.connect() as conn:
        change = audit.browse(conn, code=code, source="workbench").iloc[0]
    tree = draw(section="audit", code=code, change=str(change["id"]))
    assert by_id(tree, ids.WORKBENCH_CHANGE).data == change["id"]
    assert f"Put back {change['old_text']}?" in text_of(tree)
    answer = as_officer(actions.restore_change, 1, int(change["id"]), "", SEARCH["audit"] + f"&code={code}")
    assert said(answer) == f"Done: {code} {period} value restored to {change['old_text']}"


def test_a_callback_checks_the_role_itself_as_well(council):
    with as_viewer(MEMBER):
        message, body = actions.publish_period(1, Q2, "", "", SEARCH["publish"])
    assert "only the performance team" in text_of(message) and body is actions.no_update
    with council.connect() as conn:
        assert access.publications(conn)[0]["published_by"] == "demo"


def test_drawing_a_section_runs_none_of_its_actions(council):
    """Dash calls a callback when its button first appears (the section is drawn): without a click nothing runs."""
    with council.connect() as conn:
        before = conn.exec_driver_sql("SELECT version FROM data_version").scalar()
    for callback, args in ((actions.close_period, (Q2,)), (actions.withdraw_period, (Q2,)),
                           (actions.reset_password, ("olga",))):
        assert as_officer(callback, None, *args, SEARCH["cycle"]) == (actions.no_update, actions.no_update)
    with council.connect() as conn:
        assert conn.exec_driver_sql("SELECT version FROM data_version").scalar() == before
