"""Commentary the public may read (issue 16): the *for publication* flag on commentary, director's commentary and
actions, its council default for new ones, what existing rows migrate to, data entry setting it, and the public
pages showing the published ones beside the figures and never the rest (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import select, text

import app as application  # noqa: F401  the pages register with Dash
from data.core import db, version
from data.core.models import Commentary
from data.people import access, entry
from data.reporting import pages, published
from data.core.periods import Period
from tests.api.conftest import (CODE, HOUSING, PUBLIC_ACTION, PUBLIC_DIRECTOR, PUBLIC_NOTE, Q1, SECRET_ACTION,
                                SECRET_DIRECTOR_Q2, SECRET_INTERNAL_NOTE, SECRET_Q2_NOTE)
from tests.people.test_entry import council as entry_council  # noqa: F401  the data-entry council fixture
from tests.people.test_entry import the_form

MEMBER = access.Viewer(role="member", username="mina")


def public(conn, names=True):
    return access.viewer_of(None, show_names=names)


def test_the_public_measure_page_shows_published_commentary_and_actions_only(council):
    with council.engine.connect() as conn:
        page = pages.measure(conn, CODE, Q1, public(conn))
        member = pages.measure(conn, CODE, Q1, MEMBER)
    assert PUBLIC_NOTE in set(page.commentary["text"])
    assert SECRET_INTERNAL_NOTE not in set(page.commentary["text"]) and SECRET_Q2_NOTE not in set(page.commentary["text"])
    assert list(page.actions["title"]) == [PUBLIC_ACTION]
    assert {PUBLIC_NOTE, SECRET_INTERNAL_NOTE} <= set(member.commentary["text"])   # members read everything
    assert SECRET_ACTION in set(member.actions["title"])


def test_the_public_directorate_page_shows_the_published_directors_commentary(council):
    from data.reporting import views
    with council.engine.connect() as conn:
        q1 = pages.directorate(conn, HOUSING, views.Filters(period=Q1), public(conn))
        older = pages.directorate(conn, HOUSING, views.Filters(period="2025/26 Q4"), public(conn))
    assert q1.commentary["text"] == PUBLIC_DIRECTOR
    assert older.commentary == pages.INTERNAL       # not marked for publication: the plain line instead


def test_names_follow_the_council_setting_on_published_commentary(council):
    with council.engine.connect() as conn:
        hidden = published.measure_commentary(conn, _id(conn), Period.parse(Q1), public(conn, names=False))
        shown = published.measure_commentary(conn, _id(conn), Period.parse(Q1), public(conn, names=True))
    assert set(hidden["author"].isna()) == {True} and "Ann Author" in set(shown["author"])


def test_a_director_comment_for_an_unpublished_quarter_waits(council):
    with council.engine.connect() as conn:
        found = published.director_commentary(conn, HOUSING, Period.parse("2026/27 Q2"), public(conn))
        officer = published.director_commentary(conn, HOUSING, Period.parse("2026/27 Q2"),
                                                access.Viewer(role="officer", username="o"))
    assert found is None and officer["text"] == SECRET_DIRECTOR_Q2


def _id(conn):
    return conn.execute(text("SELECT id FROM measure WHERE code = :c"), {"c": CODE}).scalar()


def test_data_entry_sets_the_flag_and_new_comments_take_the_council_default(entry_council):  # noqa: F811
    eng = entry_council
    rows = the_form(eng)
    m1 = int(rows.set_index("code").loc["M1", "measure_id"])
    assert rows.set_index("code").loc["M1", "published"] is False or not rows.set_index("code").loc["M1", "published"]
    assert entry.save(eng, rows, {m1: ("10", "Kept internal")}, author="hos").ok
    assert _flags(eng) == {"Kept internal": False}                      # default 0: internal
    with eng.begin() as conn:
        access.set_council_setting(conn, "publish_commentary_default", "1")
    assert entry.save(eng, the_form(eng), {m1: ("10", "Published by default")}, author="hos").ok
    assert entry.save(eng, the_form(eng), {m1: ("10", "Ticked off", False)}, author="hos").ok
    assert _flags(eng) == {"Kept internal": False, "Published by default": True, "Ticked off": False}
    before = _version(eng)
    form = the_form(eng)
    assert form.set_index("code").loc["M1", "published"] == False  # noqa: E712  the latest comment's flag
    saved = entry.save(eng, form, {m1: ("10", "Ticked off", True)}, author="hos")   # only the tick changes
    assert saved.ok and saved.saved == ["M1"]
    assert _flags(eng)["Ticked off"] is True and _version(eng) != before


def test_grid_rows_carry_the_flag_to_and_from_the_page(entry_council):  # noqa: F811
    from dashboards.entry_view import entries_from, grid_rows
    shown = grid_rows(the_form(entry_council))
    assert {r["publish"] for r in shown} == {False}
    shown[0]["publish"] = True
    assert entries_from(shown)[shown[0]["measure_id"]][3] is True


def _flags(eng) -> dict:
    with eng.connect() as conn:
        return {t: bool(p) for t, p in conn.execute(select(Commentary.text, Commentary.published))}


def _version(eng) -> str:
    with eng.connect() as conn:
        return version.current(conn)


def test_existing_rows_migrate_as_internal(tmp_path):
    eng = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = db.alembic_config(eng)
    from alembic.script import ScriptDirectory
    before = ScriptDirectory.from_config(config).get_revision("1611").down_revision   # the schema just before
    command.upgrade(config, before)
    with eng.begin() as conn:
        conn.execute(text("INSERT INTO directorate (id, slug, name) VALUES (1, 'd', 'D')"))
        conn.execute(text("INSERT INTO service (id, slug, name, directorate_id) VALUES (1, 's', 'S', 1)"))
        conn.execute(text("INSERT INTO measure (id, code, title, service_id, polarity, frequency, kind, rollup, "
                          "tolerance, tolerance_type) VALUES (1, 'M', 'M', 1, 'higher', 'monthly', 'target', "
                          "'sum', 0, 'percent')"))
        conn.execute(text("INSERT INTO commentary (measure_id, period, text, created_at) "
                          "VALUES (1, '2025-04', 'old note', '2025-05-01')"))
        conn.execute(text("INSERT INTO director_commentary (directorate_id, period, text, created_at) "
                          "VALUES (1, '2025/26 Q1', 'old words', '2025-07-01')"))
        conn.execute(text("INSERT INTO action (measure_id, title, status, created_at) "
                          "VALUES (1, 'old action', 'open', '2025-05-01')"))
    db.upgrade(eng)
    with eng.connect() as conn:
        for table in ("commentary", "director_commentary", "plan_action"):   # old actions moved to the plan (1501)
            assert conn.execute(text(f"SELECT published FROM {table}")).scalars().all() in ([0], [False]), table


@pytest.mark.parametrize("setting", ["0", "1"])
def test_imported_commentary_takes_the_council_default(engine, setting):
    from data.imports import intake
    from tests.imports.test_layouts_import import csv_bytes
    with engine.begin() as conn:
        access.set_council_setting(conn, "publish_commentary_default", setting)
    rows = [["Ref", "Title", "Directorate", "Service", "Polarity", "Frequency", "Period", "Value", "Commentary"],
            ["M1", "Missed bins", "Place", "Waste", "lower", "monthly", "2025-04", 10, "A note"]]
    intake.import_file(engine, csv_bytes(rows), "notes.csv")
    assert _flags(engine) == {"A note": setting == "1"}


def test_the_public_pages_draw_the_published_notes_beside_the_figures(client):
    from dashboards import directorate as directorate_page
    from dashboards import ids
    from dashboards import measure as measure_page
    from tests.pages.render import by_id, text_of
    from tests.people.test_read_scope import as_viewer
    with as_viewer():
        measure_tree = measure_page.layout(code=CODE, period=Q1)
        directorate_tree = directorate_page.layout(slug=HOUSING, period=Q1)
    words = text_of(by_id(measure_tree, ids.MEASURE_COMMENTARY))
    assert PUBLIC_NOTE in words and SECRET_INTERNAL_NOTE not in words and SECRET_Q2_NOTE not in words
    assert PUBLIC_ACTION in text_of(by_id(measure_tree, ids.MEASURE_ACTIONS))
    assert SECRET_ACTION not in text_of(measure_tree)
    assert PUBLIC_DIRECTOR in text_of(by_id(directorate_tree, ids.DIRECTORATE_COMMENTARY))


def test_the_api_key_command_makes_lists_and_revokes_keys(client, council):
    runner = application.server.test_cli_runner()
    made = runner.invoke(args=["api-key", "create", "olga", "--name", "nightly extract"])
    assert made.exit_code == 0, made.output
    key = made.output.strip().splitlines()[-1]
    assert key.startswith("cpd_") and client.get("/api/v1/periods", headers={"X-API-Key": key}).status_code == 200
    assert "nightly extract" in runner.invoke(args=["api-key", "list"]).output and key not in \
        runner.invoke(args=["api-key", "list"]).output
    assert runner.invoke(args=["api-key", "revoke", key[:12]]).exit_code == 0
    assert client.get("/api/v1/periods", headers={"X-API-Key": key}).status_code == 401
    assert runner.invoke(args=["api-key", "revoke", key[:12]]).exit_code == 2        # already revoked
    assert runner.invoke(args=["api-key", "create", "nobody", "--name", "x"]).exit_code == 2


def test_officers_mark_existing_commentary_for_publication(client, council):
    runner = application.server.test_cli_runner()
    assert HOUSING and client.get("/api/v1/commentary?period=2025/26 Q4").get_json() == []
    before = _version(council.engine)
    done = runner.invoke(args=["for-publication", "director", HOUSING, "2025/26 Q4"])
    assert done.exit_code == 0 and done.output.startswith("1 director"), done.output
    assert _version(council.engine) != before
    try:
        texts = [n["text"] for n in client.get("/api/v1/commentary?period=2025/26 Q4").get_json()]
        assert texts == ["SECRET_DIRECTOR_INTERNAL commentary"]
    finally:
        assert runner.invoke(args=["for-publication", "director", HOUSING, "2025/26 Q4", "--off"]).exit_code == 0
    assert client.get("/api/v1/commentary?period=2025/26 Q4").get_json() == []
    assert runner.invoke(args=["for-publication", "actions", "NOPE", "2025/26 Q4"]).exit_code == 2
    assert runner.invoke(args=["for-publication", "commentary", CODE, "someday"]).exit_code == 2
