"""Issue 10, item 4, through the measure page: HOM01 (lower is better, target 125, figures above target since early
2026) no longer says "will consistently meet the target"; the page says the process has changed, suggests where to
recalculate the limits, and an officer (or the service's editor, nobody else) accepts it with a reason."""

from __future__ import annotations

import pytest

import app  # noqa: F401  registers the pages and callbacks
from data.core import audit, loaders
from data.people.access import Viewer
from data.spc import wording
from tests.conftest import point_app_at, private_copy
from tests.pages.render import by_id, text_of
from tests.people.test_read_scope import MEMBER, OFFICER, as_viewer, show_directorate, show_measure


def test_hom01_says_the_process_has_changed_never_that_it_will_meet_the_target(app_db):
    with as_viewer(OFFICER):
        status, _, spc_text = show_measure("HOM01", "2026/27 Q2", None, "spc")
    words = " ".join(f"{text_of(status)} {text_of(spc_text)}".split())
    assert "will consistently meet the target" not in words and "reliably meeting" not in words
    assert wording.ASSURANCE["recalculate"].long in words
    assert "the process has changed, so the old limits cannot assure the 125 target" in words
    assert "Forecast: Below target" in words


def test_cards_and_grid_say_the_same_as_the_page(app_db):
    with as_viewer(OFFICER):
        _, body, rows, _ = show_directorate("housing-and-communities", "2026/27 Q2")
    row = next(r for r in rows if r["code"] == "HOM01")
    assert row["assurance_text"] == "⟳ Limits out of date"
    assert "Limits out of date" in text_of(body) and "will consistently meet" not in text_of(body)


@pytest.fixture
def writable(demo_sqlite_url, tmp_path, monkeypatch):
    url = private_copy(demo_sqlite_url, tmp_path / "rebase.db")
    yield from point_app_at(url, monkeypatch)


def test_the_suggestion_and_the_form_are_for_those_who_may_change_the_measure(writable):
    from dashboards import ids, measure
    with writable.connect() as conn:
        housing_options = loaders.service_of(conn, "HOM01")
    editor = Viewer(role="editor", username="ed", services=frozenset({housing_options}))
    other_editor = Viewer(role="editor", username="al", services=frozenset({housing_options + 1}))
    for viewer, form in ((OFFICER, True), (editor, True), (other_editor, False), (MEMBER, False)):
        with as_viewer(viewer):
            section = by_id(measure.layout(code="HOM01", view="spc"), ids.MEASURE_REBASE)
        assert section.hidden is False and "recalculate the limits from December 2023" in text_of(section)
        assert any(getattr(c, "id", None) == ids.MEASURE_REBASE_ACCEPT for c in _walk(section)) is form, viewer
    with as_viewer(OFFICER):
        assert by_id(measure.layout(code="HSG04", view="spc"), ids.MEASURE_REBASE).hidden is True  # nothing to say


def test_accepting_records_the_reason_and_the_limits_recalculate(writable):
    from callbacks.measure import accept_rebase
    with as_viewer(MEMBER):
        message, _ = accept_rebase(1, "A reason", "HOM01", "2023-12-01", "?view=spc")
    assert "may not change" in text_of(message)
    with as_viewer(OFFICER):
        message, disabled = accept_rebase(1, "", "HOM01", "2023-12-01", "?view=spc")
        assert "Give the reason" in text_of(message)
        message, disabled = accept_rebase(1, "Temporary accommodation policy changed", "HOM01", "2023-12-01",
                                          "?view=spc")
        assert "Recorded: the limits of HOM01 are recalculated from December 2023" in text_of(message)
        link = next(c for c in _walk(message) if getattr(c, "href", None))
        assert (link.href, disabled) == ("/measure/HOM01?view=spc", True)
        *_, spc_text = show_measure("HOM01", "2026/27 Q2", None, "spc")
    assert "Limits recalculated from 2023-12-01: Temporary accommodation policy changed." in text_of(spc_text)
    with writable.connect() as conn:
        measure_id = int(loaders.measures(conn, code="HOM01")["id"].iloc[0])
        assert audit.history(conn, measure_id).iloc[0]["field"] == "rebase"


def _walk(component):
    from tests.pages.test_measure_page import walk
    return list(walk(component))
