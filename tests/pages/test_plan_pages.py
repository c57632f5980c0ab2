"""The council plan and risk pages, and the plan on the directorate and measure pages, drawn from their URLs
against the demo council on 1 December 2026; the editing callbacks check rights on the server."""

import pytest
from sqlalchemy import select

import app  # noqa: F401  builds the app, so the pages register
from callbacks import plan_edit
from dashboards import directorate, ids, measure, plan, risks
from data.core.models import Action, Service
from data.people.access import Viewer
from tests.conftest import point_app_at, private_copy
from tests.pages.render import by_id, render, text_of, walk
from tests.people.test_read_scope import MEMBER, OFFICER, as_viewer


@pytest.fixture
def on_1_december(demo_sqlite_url, monkeypatch, tmp_path):
    """A private copy of the demo (the editing tests write), today 1 December 2026."""
    url = private_copy(demo_sqlite_url, tmp_path / "council.db")
    yield from point_app_at(url, monkeypatch, TODAY="2026-12-01")


def words(tree) -> str:
    return " ".join(text_of(tree).split())


def links(tree) -> dict[str, str]:
    return {text_of(c).strip(): c.href for c in walk(tree) if type(c).__name__ == "Link"}


def test_plan_page_counts_as_the_reports_do(on_1_december):
    tree = render("/plan")
    assert text_of(by_id(tree, ids.PLAN_COUNTS)) == ("Of 40 actions, 31 are on track, 5 at risk, 2 off track and 2 "
                                                     "completed; 4 are overdue.")
    shown = words(tree)
    for priority in ("A thriving local economy", "Homes for everyone", "An efficient, modern council"):
        assert priority in shown
    assert "HOM-2 Good quality, well-managed council homes" in shown and "A-HOM-04" in shown
    assert "Not shown" not in shown and "Update progress" not in shown   # the public edits nothing


@pytest.mark.parametrize(("query", "sentence"), [
    ("?status=at_risk", "Of 5 actions, 5 are at risk."),
    ("?overdue=1", "Of 4 actions, 4 are on track; 4 are overdue."),
    ("?directorate=resources", "Of 7 actions, 7 are on track; 1 is overdue."),
    ("?status=nonsense", "Of 40 actions"),          # an unknown status is ignored
])
def test_plan_filters_come_from_the_url(on_1_december, query, sentence):
    tree = render("/plan" + query)
    assert text_of(by_id(tree, ids.PLAN_COUNTS)).startswith(sentence)


def test_plan_filters_are_the_urls_and_status_counts_link(on_1_december):
    tree = render("/plan?directorate=resources&overdue=1")
    assert by_id(tree, ids.PLAN_DIRECTORATE).value == "resources" and by_id(tree, ids.PLAN_OVERDUE).value == "1"
    found = links(tree)
    assert found["At risk : 0"] == "/plan?directorate=resources&status=at_risk&overdue=1"


def test_a_priority_shows_its_objectives_measures_and_actions(on_1_december):
    tree = render("/plan?priority=homes-for-everyone")
    shown = words(tree)
    assert "Homes for everyone" in shown and "A thriving local economy" not in shown
    assert links(tree)["HSG01"].startswith("/measure/HSG01")
    assert "Rent loss from empty homes" in shown and "Below target" in shown   # the measure's status, in words


def test_risk_page_is_for_members_with_a_matrix_readable_without_colour(on_1_december):
    with as_viewer(MEMBER):
        tree = risks.layout(render="page")
    matrix = by_id(tree, ids.RISKS_MATRIX)
    table = words(matrix)
    assert "Likelihood" in table and "Impact" in table and "5 Almost certain" in table and "5 Severe" in table
    assert "2 risks: likelihood 4 Likely, impact 4 Major, score 16 high" in table
    cells = {c.href for c in walk(matrix) if type(c).__name__ == "Link"}
    assert "/risks?likelihood=4&impact=4" in cells
    assert "15 risks: 3 high, 9 medium and 3 low" in words(by_id(tree, ids.RISKS_LIST))
    with as_viewer(MEMBER):
        cell = risks.layout(render="page", likelihood="4", impact="4")
    listed = words(by_id(cell, ids.RISKS_LIST))
    assert listed.startswith("Risks: likelihood 4 (Likely), impact 4 (Major)") and "2 risks:" in listed
    assert "R-HC-01" in listed and "Family hostel and prevention service" in listed
    with as_viewer(Viewer()):
        public = risks.layout(render="page")
    assert "shown to signed-in members" in words(public) and by_id(public, ids.RISKS_MATRIX) is None


def test_directorate_page_shows_its_actions_and_high_risks(on_1_december):
    with as_viewer(MEMBER):
        tree = directorate.layout(slug="housing-and-communities")
    actions = words(by_id(tree, ids.DIRECTORATE_PLAN))
    assert actions.startswith("Council plan actions Of 11 actions") and "A-HOM-01" in actions
    high = words(by_id(tree, ids.DIRECTORATE_RISKS))
    assert "R-HC-01 Temporary accommodation costs overrun" in high and "Family hostel" in high
    assert by_id(render("/directorate/housing-and-communities"), ids.DIRECTORATE_RISKS) is None   # public


def test_measure_page_shows_the_plan_it_supports_and_its_intervention_plan(on_1_december):
    public = render("/measure/HSG01")
    assert "HOM-2 Good quality, well-managed council homes" in words(by_id(public, ids.MEASURE_PLAN))
    assert by_id(public, ids.MEASURE_INTERVENTION) is None
    with as_viewer(MEMBER):
        tree = measure.layout(code="HOM01", period="2026/27 Q2")
    section = words(by_id(tree, ids.MEASURE_INTERVENTION))
    assert "Opened" in section and "Overdue" in section and "Open the plan" not in section


def test_context_indicator_is_shown_apart_and_never_counted(on_1_december):
    tree = render("/")
    assert "Of 60 measures" in words(by_id(tree, ids.OVERVIEW_HEADLINE))
    context = words(by_id(tree, "context-indicators"))
    assert "ECO04" in context and "not counted" in context


def editor_of(code):
    from data.core import db
    with db.engine().connect() as conn:
        service = conn.execute(select(Action.service_id).where(Action.code == code)).scalar()
    return Viewer(role="editor", username="eddie", services=frozenset({service}))


def test_the_progress_callback_checks_the_editors_service(on_1_december):
    from data.core import db
    eddie = editor_of("A-HOM-04")
    with as_viewer(eddie):
        tree = plan.layout(render="page")
        options = [o["value"] for o in by_id(tree, ids.PLAN_EDIT_ACTION).options]
        saved = words(plan_edit.save_progress(1, "A-HOM-04", "off_track", 30, "Behind.", ""))
        refused = words(plan_edit.save_progress(1, "A-ECO-01", "off_track", 30, "Not mine.", ""))
    assert "A-HOM-04" in options and "A-ECO-01" not in options
    assert saved.startswith("Saved: A-HOM-04 is off track, 30% complete")
    assert "service you do not edit" in refused
    with db.engine().connect() as conn:
        assert conn.execute(select(Action.status).where(Action.code == "A-ECO-01")).scalar() != "off_track"
        assert conn.execute(select(Action.status).where(Action.code == "A-HOM-04")).scalar() == "off_track"
    with as_viewer(OFFICER):
        assert words(plan_edit.save_progress(1, "A-ECO-01", "at_risk", 45, "", "")).startswith("Saved")


def test_opening_a_plan_is_refused_unless_the_server_finds_the_measure_below_target(on_1_december):
    from data.core import db
    with db.engine().connect() as conn:
        service = conn.execute(select(Service.id).where(Service.slug == "customer-services")).scalar()
    eddie = Viewer(role="editor", username="eddie", services=frozenset({service}))
    with as_viewer(eddie):
        refused = words(plan_edit.save_new_plan(1, "CS04", "Survey callers", "2027-03-31", "2026/27 Q2", ""))
    assert "not below target" in refused
