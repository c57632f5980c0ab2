"""Issue 10, item 10: commentary never comes from the future. Viewing 2026/27 Q1, a measure's page shows the notes
up to Q1, Q1's own first, and no Q2 note; choosing another period draws the list for it."""

from __future__ import annotations

from datetime import datetime, timezone

import app  # noqa: F401  registers the pages and callbacks
from data.core import loaders
from data.core.models import Commentary
from data.core.periods import Period
from tests.pages.render import by_id, text_of
from tests.people.test_read_scope import MEMBER, as_viewer

Q1, Q2 = Period.parse("2026/27 Q1"), Period.parse("2026/27 Q2")


def _measure_id(conn, code):
    return int(loaders.measures(conn, code=code)["id"].iloc[0])


def test_commentary_up_to_the_period_its_own_notes_first(demo_engine):
    with demo_engine.connect() as conn:
        comments = loaders.commentary(conn, _measure_id(conn, "CS02"), Q1)
        everything = loaders.commentary(conn, _measure_id(conn, "CS02"))
    periods = list(comments["period"])
    assert periods[0] == "2026/27 Q1" and "2026/27 Q2" not in periods
    assert periods[1] == "2025/26 Q4"                           # then the newest earlier period
    assert list(everything["period"])[0] == "2026/27 Q2"       # no period given: everything, newest first


def test_a_late_note_on_an_earlier_quarter_does_not_jump_ahead(demo_copy):
    """Written after Q2's note, a correction to Q1's note still follows Q2's when Q2 is chosen."""
    engine = demo_copy
    with engine.begin() as conn:
        measure_id = _measure_id(conn, "CS02")
        conn.execute(Commentary.__table__.insert().values(
            measure_id=measure_id, period=Q1.label, author="late", text="Late note on Q1",
            created_at=datetime(2026, 11, 30, tzinfo=timezone.utc)))
        comments = loaders.commentary(conn, measure_id, Q2)
    assert list(comments["period"])[:2] == ["2026/27 Q2", "2026/27 Q1"]


def _commentary(period):
    from dashboards import ids, measure
    return text_of(by_id(measure.layout(code="CS02", period=period), ids.MEASURE_COMMENTARY))


def test_measure_page_viewing_q1_shows_no_q2_note(app_db):
    with as_viewer(MEMBER):
        q1, q2 = _commentary(Q1.label), _commentary(Q2.label)
    assert "2026/27 Q2" not in q1 and q1.index("2026/27 Q1") < q1.index("2025/26 Q4")
    assert q2.index("2026/27 Q2") < q2.index("2026/27 Q1")


def test_the_public_reads_no_commentary_whatever_the_period(app_db):
    with as_viewer():
        assert "shown to signed-in members" in _commentary(Q1.label)
