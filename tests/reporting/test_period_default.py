"""Issue 10, items 1 and 2, from outside: once one October 2026 figure is approved, every page, meeting mode and
`summary` still open on 2026/27 Q2 (Q3 has not ended on 1 December 2026), say that Q3 is in progress and offer
it; the unfinished year is offered and judged to date, never as a full year against the year-end target."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import insert

import app  # noqa: F401  registers the pages and callbacks
from data.core import loaders, version
from data.core.models import Observation
from data.core.periods import Period
from data.people import access
from data.performance import summary
from data.reporting import evaluation
from tests.conftest import point_app_at, private_copy
from tests.pages.render import by_id, text_of
from tests.people.test_read_scope import OFFICER, as_viewer, show_exceptions

TODAY = "2026-12-01"
Q2, Q3 = Period.parse("2026/27 Q2"), Period.parse("2026/27 Q3")


def approve_october(engine) -> None:
    """One head of service's October figure, approved: 2026/27 Q3 now holds data."""
    with engine.begin() as conn:
        measure_id = int(loaders.measures(conn, code="CS01")["id"].iloc[0])
        conn.execute(insert(Observation).values(measure_id=measure_id, period="2026-10", period_kind="month",
                                                period_start=date(2026, 10, 1), value=38.0, state="approved"))
        version.bump(conn)   # as every write path does, so no page is served from before this figure


@pytest.fixture
def october(demo_sqlite_url, tmp_path, monkeypatch):
    """The demo council with an approved October figure, the app pointed at it, and today fixed at 1 Dec 2026."""
    url = private_copy(demo_sqlite_url, tmp_path / "october.db")
    for eng in point_app_at(url, monkeypatch, TODAY=TODAY):
        approve_october(eng)
        yield eng


def test_officer_sees_q3_offered_but_opens_on_q2(october):
    with october.connect() as conn, as_viewer(OFFICER) as viewer:
        assert Q3 in access.visible_periods(conn, viewer)  # before this change, Q3 was the default
        chosen, url_label = evaluation.resolve_period(conn, None, viewer)
        options = {o["value"]: o["label"] for o in evaluation.period_options(conn, viewer)}
    assert (chosen.period, chosen.later, url_label) == (Q2, (Q3,), "")
    assert options["2026/27 Q3"] == "2026/27 Q3 (Oct-Dec) so far"
    assert options["2026/27"] == "2026/27 to date (Apr-Sep)" and "2025/26 (full year)" in options.values()


@pytest.mark.parametrize("search", ["", "?meeting=1"])
def test_overview_and_meeting_mode_open_on_the_ended_quarter_and_say_q3_is_in_progress(october, search):
    from dashboards import ids, overview
    with as_viewer(OFFICER):
        tree = overview.layout(render="page", **({"meeting": "1"} if search else {}))
    headline, body = text_of(by_id(tree, ids.OVERVIEW_HEADLINE)), by_id(tree, ids.OVERVIEW_BODY)
    assert headline.startswith("2026/27 Q2 (Jul-Sep). Of 60 measures") and "no data" in headline
    words = text_of(body)
    assert "2026/27 Q3 (Oct-Dec) is still in progress" in words and "see its figures so far" in words


def test_directorate_measure_and_exceptions_pages_open_on_q2(october):
    from dashboards import directorate, exceptions, ids, measure
    with as_viewer(OFFICER):
        assert by_id(directorate.layout(slug="customer-and-digital"), ids.DIRECTORATE_PERIOD).value == Q2.label
        assert "2026/27 Q3 (Oct-Dec) is still in progress" in text_of(directorate.layout(slug="customer-and-digital"))
        page = measure.layout(code="CS01", render="page")
        assert by_id(page, ids.MEASURE_PERIOD).value == Q2.label
        assert "In quarter: 2026/27 Q2" in text_of(page) and "still in progress" in text_of(page)
        assert by_id(exceptions.layout(render="page"), ids.EXCEPTIONS_PERIOD).value == Q2.label
        assert "2026/27 Q3 (Oct-Dec) is still in progress" in text_of(show_exceptions(Q2.label))


def test_choosing_the_quarter_in_progress_says_its_figures_are_incomplete(october):
    from dashboards import ids, measure
    with as_viewer(OFFICER):
        page = measure.layout(code="CS01", period=Q3.label)
    assert by_id(page, ids.MEASURE_PERIOD).value == Q3.label
    words = " ".join(text_of(page).split())
    assert "2026/27 Q3 (Oct-Dec) is still in progress (it ends 31 Dec 2026): its figures so far are incomplete" in words


def test_summary_without_a_period_takes_the_latest_ended_quarter(october):
    from flask import Flask

    import commands
    server = Flask("cli-test")
    commands.register(server)
    result = server.test_cli_runner().invoke(args=["summary", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert (doc["period"], doc["period_name"]) == ("2026/27 Q2", "2026/27 Q2 (Jul-Sep)")
    year = json.loads(server.test_cli_runner().invoke(args=["summary", "--period", "2026/27", "--json"]).output)
    assert year["period_name"] == "2026/27 to date (Apr-Sep)"
    rent = next(m for m in year["measures"] if m["code"] == "HSG02")
    assert (rent["status"], rent["target"]) == ("on_target", 56.1)  # the profiled target to September, not 98.5


def test_a_year_under_way_is_judged_to_date_against_the_profiled_target(demo_engine):
    """Rent collected is cumulative: 56.2% by September against 56.1% profiled, not against the year-end 98.5%."""
    with demo_engine.connect() as conn:
        m = loaders.measures(conn, code="HSG02")
        figures = loaders.figures(conn, m["id"])
    row = summary.evaluate(m, figures, Period.parse("2026/27"), Q2).iloc[0]
    assert (row["value_text"], row["target_text"], row["status"].value) == ("56.2%", "56.1%", "on_target")
    assert not row["needs_attention"]
    full_year = summary.evaluate(m, figures, Period.parse("2025/26")).iloc[0]
    assert full_year["target_text"] == "98.5%"
