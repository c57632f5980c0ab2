"""Issue 10, item 7: an action due 28 Sep 2026 and not done is *overdue* on 1 Dec 2026, worked out from the due
date and today (never typed), flagged wherever actions appear and counted on the exceptions page."""

from __future__ import annotations

from datetime import date

import pytest

import app  # noqa: F401  registers the pages and callbacks
from data.core import loaders
from data.plan import progress, records
from tests.conftest import point_app_at
from tests.pages.render import by_id, text_of
from tests.people.test_read_scope import MEMBER, as_viewer, show_exceptions


@pytest.mark.parametrize(("today", "overdue"), [
    (date(2026, 9, 28), False),   # due today: not yet overdue
    (date(2026, 9, 29), True),
    (date(2026, 12, 1), True),
])
def test_overdue_is_worked_out_from_the_due_date_and_today(demo_engine, today, overdue):
    with demo_engine.connect() as conn:
        stored = records.intervention_actions(conn, [int(loaders.measures(conn, code="HOM01")["id"].iloc[0])])
    actions = progress.with_overdue(stored, today)
    due = actions[actions["due_date"] == date(2026, 9, 28)].iloc[0]
    assert (due["status"], bool(due["overdue"])) == ("not_started", overdue)
    assert not actions[actions["status"] == "completed"]["overdue"].any()   # a completed action is never overdue


@pytest.fixture
def on_1_december(demo_sqlite_url, monkeypatch):
    yield from point_app_at(demo_sqlite_url, monkeypatch, TODAY="2026-12-01")


def test_measure_page_flags_the_overdue_action(on_1_december):
    from dashboards import ids, measure
    with as_viewer(MEMBER):
        actions = by_id(measure.layout(code="HOM01", period="2026/27 Q2"), ids.MEASURE_ACTIONS)
    words = text_of(actions)
    assert "Overdue" in words and "1 action is overdue" in words
    assert "(open)" not in words.lower()


def test_exceptions_page_flags_and_counts_overdue_actions(on_1_december):
    with as_viewer(MEMBER):
        words = " ".join(text_of(show_exceptions("2026/27 Q2")).split())
    assert "8 overdue actions: past the due date and not completed." in words
    assert "due 28 Sep 2026 ( Not started Overdue )" in words
    with as_viewer(MEMBER), pytest.MonkeyPatch.context() as mp:
        mp.setenv("TODAY", "2026-09-01")   # a month before the due date, the same action is simply open
        assert "No overdue actions." in " ".join(text_of(show_exceptions("2026/27 Q2")).split())
