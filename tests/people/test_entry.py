"""Monthly data entry and sign-off: drafts, outlier warnings, draft -> submitted -> approved, all audited."""

from __future__ import annotations

from datetime import date

import pytest

from data.core import loaders
from data.imports import intake
from data.core import audit
from data.people import entry
from data.core.periods import Period
from security import identity
from tests.conftest import point_app_at
from tests.imports.test_import import dump
from tests.imports.test_layouts_import import csv_bytes

TODAY = date(2026, 11, 22)
MONTH = Period.parse("2026-09")
HISTORY = [10, 11, 9, 10, 12, 11, 10, 9, 11, 10, 12, 10]         # Sep 2025 .. Aug 2026


@pytest.fixture
def council(engine):
    """A service with a monthly measure (a year of history) and a quarterly one."""
    months = [Period.parse("2025-09").shift(i) for i in range(12)]
    rows = [["Ref", "Title", "Directorate", "Service", "Polarity", "Frequency", "Period", "Value", "Target"]]
    rows += [["M1", "Missed bins", "Place", "Waste", "lower", "monthly", m.label, v, 12]
             for m, v in zip(months, HISTORY)]
    rows += [["M1", "Missed bins", "Place", "Waste", "lower", "monthly", "2026-09", "", 12]]   # target only
    rows += [["Q1", "Satisfaction", "Place", "Waste", "higher", "quarterly", "2025/26 Q2", 80, 85]]
    intake.import_file(engine, csv_bytes(rows), "history.csv", today=TODAY)
    with engine.begin() as conn:   # the blank September row was only there to carry the target
        conn.exec_driver_sql("DELETE FROM observation WHERE period = '2026-09'")
    return engine


def the_form(engine, month=MONTH):
    with engine.connect() as conn:
        return entry.form(conn, "waste", month)


def test_form_shows_target_last_year_and_usual_range(council):
    rows = the_form(council).set_index("code")
    assert list(rows.index) == ["M1", "Q1"]                       # September ends Q2: the quarterly one is due
    m1 = rows.loc["M1"]
    assert (m1["period"], m1["target"], m1["last_year"], m1["state"]) == ("2026-09", 12, 10, None)
    low, high = entry.usual_range(HISTORY)
    assert (m1["low"], m1["high"]) == (pytest.approx(low), pytest.approx(high))
    assert rows.loc["Q1", "period"] == "2026/27 Q2" and rows.loc["Q1", "last_year"] == 80
    assert list(the_form(council, Period.parse("2026-08"))["code"]) == ["M1"]


@pytest.mark.parametrize(("history", "expected"), [
    ([10, 11, 9], None),                                   # too little history
    ([5, 5, 5, 5], (5, 5)),                                # no variation: the range is the values seen
    ([10, 12, 10, 12], (11 - 2.66 * 2, 11 + 2.66 * 2)),
    ([0, 300, 0, 300], (0, 150 + 2.66 * 300)),        # a count's range does not go below zero
    ([-5, 5, -5, 5], (-2.66 * 10, 2.66 * 10)),          # unless the measure itself does
])
def test_usual_range(history, expected):
    got = entry.usual_range(history)
    assert got == (None if expected is None else pytest.approx(expected))


def test_outlier_warning():
    assert entry.outlier_warning(30, 5, 15, "%", 1) == \
        "30.0% is above this measure's usual range (5.0% to 15.0%): check it before saving."
    assert entry.outlier_warning(10, 5, 15) is None and entry.outlier_warning(10, None, None) is None
    assert "below" in entry.outlier_warning(1, 5, 15)


def test_drafts_are_not_published_until_approved(council):
    rows = the_form(council)
    m1 = int(rows.set_index("code").loc["M1", "measure_id"])
    result = entry.save(council, rows, {m1: ("40", "Vehicle breakdown")}, author="hos")
    assert result.ok and result.saved == ["M1"] and "above" in result.warnings["M1"]

    def published():
        with council.connect() as conn:
            return {p.label: v for p, v in loaders.figures(conn, [m1])[m1][0].items()}
    assert "2026-09" not in published()
    with council.connect() as conn:
        assert loaders.figures(conn, [m1], states=entry.STATES)[m1][0][Period.parse("2026-09")] == 40
    assert entry.change_state(council, the_form(council), "submit", author="hos") == ["M1"]
    assert "2026-09" not in published()
    assert entry.change_state(council, the_form(council), "approve", author="officer") == ["M1"]
    assert published()["2026-09"] == 40
    with council.connect() as conn:
        trail = audit.history(conn, m1)
    states = trail[trail["field"] == "state"][["old_text", "new_text", "author", "source"]].values.tolist()
    assert states[:3] == [["submitted", "approved", "officer", "sign-off: approve"],
                          ["draft", "submitted", "hos", "sign-off: submit"],
                          ["(none)", "draft", "hos", "form"]]
    assert trail[trail["field"] != "definition"].iloc[-1]["source"] == "history.csv, history row 2"


def test_approved_values_are_locked_until_reopened(council):
    rows = the_form(council)
    m1 = int(rows.set_index("code").loc["M1", "measure_id"])
    entry.save(council, rows, {m1: ("11", "")}, author="hos")
    entry.change_state(council, the_form(council), "submit", author="hos")
    before = dump(council)
    result = entry.save(council, the_form(council), {m1: ("12", "")}, author="hos")
    assert result.problems == {"M1": "already submitted: ask the performance team to reopen it"}
    assert dump(council) == before
    entry.change_state(council, the_form(council), "reopen", author="officer")
    assert entry.save(council, the_form(council), {m1: ("12", "")}, author="hos").ok


def test_bad_values_refuse_the_whole_save(council):
    rows = the_form(council).set_index("code")
    before = dump(council)
    result = entry.save(council, rows.reset_index(), {int(rows.loc["M1", "measure_id"]): ("eleven", ""),
                                                      int(rows.loc["Q1", "measure_id"]): ("81", "")}, author="x")
    assert result.problems == {"M1": "'eleven' is not a number"} and not result.saved
    assert dump(council) == before


def test_no_data_markers_and_untouched_rows(council):
    rows = the_form(council).set_index("code")
    m1, q1 = int(rows.loc["M1", "measure_id"]), int(rows.loc["Q1", "measure_id"])
    result = entry.save(council, rows.reset_index(), {m1: ("tbc", ""), q1: ("", "")}, author="x")
    assert result.saved == ["M1"]
    form = the_form(council).set_index("code")
    assert form.loc["M1", "note"] == "tbc" and form.loc["M1", "state"] == "draft"
    assert form.loc["Q1", "state"] is None


# the entry page's callbacks, called as plain functions ---------------------------------------------
@pytest.fixture
def page_council(council, monkeypatch):
    """The council above behind the app's engine (SQLite only: the page's engine comes from DATABASE_URL)."""
    if council.dialect.name != "sqlite":
        pytest.skip("the app engine is pointed at SQLite files here")
    yield from point_app_at(str(council.url), monkeypatch)


def as_viewer(monkeypatch, role, services=()):
    from data.people import access
    monkeypatch.setattr(identity, "viewer", lambda: access.Viewer(role=role, username=role,
                                                                services=frozenset(services)))


def test_entry_callbacks_check_values_save_and_sign_off(page_council, monkeypatch):
    from callbacks import data_entry as page
    from data.people.access import Forbidden
    with page_council.connect() as conn:
        service_id = int(loaders.services(conn)["id"].iloc[0])
    for outsider in (("member", ()), ("editor", [service_id + 99])):     # another service's form: refused
        as_viewer(monkeypatch, *outsider)
        with pytest.raises(Forbidden):
            page.show_entry_form("waste", MONTH.label)
        with pytest.raises(Forbidden):
            page.check_typed_values([{}], [], "waste", MONTH.label)
    as_viewer(monkeypatch, "editor", [service_id])
    rows = page.show_entry_form("waste", MONTH.label)
    m1 = next(r for r in rows if r["code"] == "M1")
    assert (m1["target"], m1["last_year"], m1["state"], m1["locked"]) == ("12", "10", "Not entered", False)
    typed = [{**r, "value": "40" if r["code"] == "M1" else "abc"} for r in rows]
    checked = {r["code"]: r["warning"] for r in page.check_typed_values([{}], typed, "waste", MONTH.label)}
    assert "above this measure's usual range" in checked["M1"] and "not a number" in checked["Q1"]
    with page_council.connect() as conn:
        service_id = int(loaders.services(conn)["id"].iloc[0])
    as_viewer(monkeypatch, "member")
    message, _ = page.save_entries(1, "waste", MONTH.label, [{**m1, "value": "11"}])
    assert "You need the editor role" in str(message)
    as_viewer(monkeypatch, "editor", [service_id + 99])
    assert "may not change this service" in str(page.save_entries(1, "waste", MONTH.label, [{**m1, "value": "11"}])[0])
    as_viewer(monkeypatch, "editor", [service_id])
    message, grid = page.save_entries(1, "waste", MONTH.label, [{**m1, "value": "11", "commentary": "ok"}])
    assert "Saved 1 figure(s) as draft" in str(message)
    assert next(r for r in grid if r["code"] == "M1")["state"] == "Draft (not published)"
    monkeypatch.setattr(page, "ctx", type("Ctx", (), {"triggered_id": ids_submit()}))
    message, grid = page.change_sign_off(1, None, None, "waste", MONTH.label)
    assert "1 figure(s) submitted for approval: M1" in str(message)
    assert next(r for r in grid if r["code"] == "M1")["locked"] is True
    monkeypatch.setattr(page, "ctx", type("Ctx", (), {"triggered_id": ids_approve()}))
    assert "You need the officer role" in str(page.change_sign_off(None, 1, None, "waste", MONTH.label)[0])
    as_viewer(monkeypatch, "officer")
    started = []
    monkeypatch.setattr(page.background, "notify_soon", lambda: started.append(True))
    assert "approved: M1" in str(page.change_sign_off(None, 1, None, "waste", MONTH.label)[0])
    assert started == [True]       # the alerts for what was approved run off the request thread


def ids_submit():
    from dashboards import ids
    return ids.ENTRY_SUBMIT


def ids_approve():
    from dashboards import ids
    return ids.ENTRY_APPROVE
