"""The audit trail: who changed which figure, when, from where, old and new; and restoring an earlier value."""

from __future__ import annotations

from datetime import date

import pytest

from data.core import loaders
from data.imports import intake
from data.core import audit
from data.core.audit import RestoreError
from security import identity
from tests.imports.test_import import dump
from tests.imports.test_layouts_import import HEAD, csv_bytes

TODAY = date(2026, 11, 22)


def rows(value, target=80, comment=""):
    return csv_bytes([HEAD + ["Period", "Actual", "Target", "Commentary"],
                      ["A1", "Calls", "Resources", "Contact", "High", "2019/20 Q1", value, target, comment]])


def measure_id(engine, code="A1"):
    with engine.connect() as conn:
        return int(loaders.measures(conn, code=code)["id"].iloc[0])


def history(engine, code="A1"):
    with engine.connect() as conn:
        return audit.history(conn, measure_id(engine, code))


def test_every_import_change_is_recorded_with_source_row_and_author(engine):
    intake.import_file(engine, rows(70, comment="first"), "q1.csv", author="ann", today=TODAY)
    intake.import_file(engine, rows(75, target=85), "q1-revised.csv", author="bob", today=TODAY)
    h = history(engine)
    latest = h[h["author"] == "bob"].set_index("field")
    assert latest.loc["value", "old_text"] == "70" and latest.loc["value", "new_text"] == "75"
    assert latest.loc["value", "source"] == "q1-revised.csv, q1-revised row 2"
    assert latest.loc["target", "old_text"] == "80" and latest.loc["target", "new_text"] == "85"
    first = h[h["author"] == "ann"]
    assert set(first["field"]) == {"definition", "value", "target", "commentary", "state"}
    assert first.set_index("field").loc["value", "old_text"] == "(none)"
    assert first.set_index("field").loc["commentary", "new_text"] == "first"
    assert h["at"].notna().all() and list(h["id"]) == sorted(h["id"], reverse=True)


def test_no_data_values_keep_their_note_in_the_trail(engine):
    intake.import_file(engine, rows(70), "a.csv", today=TODAY)
    intake.import_file(engine, rows("tbc"), "b.csv", today=TODAY)
    value = history(engine).query("field == 'value'").iloc[0]
    assert (value["old_text"], value["new_text"]) == ("70", "No data (tbc)")


def test_unchanged_and_dry_run_imports_record_nothing(engine):
    intake.import_file(engine, rows(70), "a.csv", today=TODAY)
    n = len(history(engine))
    intake.import_file(engine, rows(70), "a.csv", today=TODAY)
    intake.import_file(engine, rows(99), "a.csv", today=TODAY, dry_run=True)
    assert len(history(engine)) == n


def test_restore_an_earlier_value_is_itself_audited(engine):
    intake.import_file(engine, rows(70), "a.csv", today=TODAY)
    intake.import_file(engine, rows(75), "b.csv", today=TODAY)
    change = history(engine).query("field == 'value'").iloc[0]
    message = audit.restore(engine, int(change["id"]), author="carol")
    assert message == "A1 2019/20 Q1 value restored to 70"
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT value FROM observation").scalar() == 70
    newest = history(engine).iloc[0]
    assert (newest["author"], newest["source"], newest["old_text"], newest["new_text"]) == \
        ("carol", f"restore of change {change['id']}", "75", "70")


def test_restore_a_target_and_refusals(engine):
    intake.import_file(engine, rows(70, target=80), "a.csv", today=TODAY)
    intake.import_file(engine, rows(70, target=90), "b.csv", today=TODAY)
    change = history(engine).query("field == 'target'").iloc[0]
    audit.restore(engine, int(change["id"]))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT value FROM target").scalar() == 80
    before = dump(engine)
    with pytest.raises(RestoreError):
        audit.restore(engine, 99999)
    comment = history(engine).query("field == 'commentary'")
    assert comment.empty
    assert dump(engine) == before


def test_current_author_outside_a_request_is_none():
    assert identity.author() is None


def test_corrections_table_for_the_measure_page(engine):
    from dashboards.audit_view import corrections_table
    from tests.pages.render import walk
    intake.import_file(engine, rows(70), "a.csv", author="ann", today=TODAY)
    intake.import_file(engine, rows(75), "b.csv", author="bob", today=TODAY)
    table = corrections_table(history(engine))
    body = next(node for node in walk(table) if type(node).__name__ == "Tbody").children
    first = [cell.children for cell in body[0].children]
    assert first[1:] == ["2019/20 Q1", "Value", "70", "75", "bob", "b.csv, b row 2"]
    assert "No changes recorded." in str(corrections_table(history(engine).iloc[0:0]))
    assert "earlier changes" in str(corrections_table(history(engine), limit=1))
