"""Every write that changes what a page shows bumps the data version in its own transaction; reads and refused or
rolled-back writes leave it alone."""

from __future__ import annotations

from datetime import date

import pytest

from data.core import audit, loaders, version
from data.imports import intake, store
from data.imports.template import ImportRefused
from data.people import access, entry
from data.core.periods import Period
from tests.imports.test_layouts_import import HEAD, csv_bytes

TODAY = date(2026, 11, 22)


def csv(value, polarity="High", target=80):
    return csv_bytes([HEAD + ["Period", "Actual", "Target"],
                      ["A1", "Calls answered", "Resources", "Contact", polarity, "2026/27 Q1", value, target]])


def number(engine) -> int:
    with engine.connect() as conn:
        return version.number(conn)


@pytest.fixture
def council(engine):
    intake.import_file(engine, csv(70), "q1.csv", today=TODAY)
    return engine


def bumps(engine, write) -> bool:
    before = number(engine)
    write()
    return number(engine) > before


def test_a_fresh_database_has_a_version(engine):
    with engine.connect() as conn:
        assert version.number(conn) == 1 and len(version.current(conn)) > 10


@pytest.mark.parametrize("change", [{"value": 75}, {"polarity": "Low"}, {"target": 85}])
def test_an_import_that_changes_a_value_a_rule_or_a_target_bumps(council, change):
    assert bumps(council, lambda: intake.import_file(council, csv(**{"value": 70, **change}), "again.csv",
                                                     today=TODAY))


def test_a_dry_run_or_a_refused_import_does_not(council):
    assert not bumps(council, lambda: intake.import_file(council, csv(99), "dry.csv", today=TODAY, dry_run=True))
    with pytest.raises(ImportRefused):
        intake.import_file(council, csv("lots"), "bad.csv", today=TODAY)
    assert number(council) == 2


def test_a_process_change_bumps(council):
    payload = store.Payload(process_changes=[("A1", date(2026, 4, 1), "new system")])
    assert bumps(council, lambda: store.store(council, payload, source="test"))


def test_accepting_a_suggested_rebase_bumps(council):
    from data.spc import rebase
    with council.connect() as conn:
        mid = int(loaders.measures(conn, code="A1")["id"].iloc[0])
    assert bumps(council, lambda: rebase.accept(council, mid, date(2026, 4, 1), "new system", author="officer"))


def test_data_entry_sign_off_and_restore_bump(council):
    month = Period.parse("2026-09")
    intake.import_file(council, csv_bytes([HEAD + ["Frequency", "Period", "Actual", "Target"],
                                           ["M1", "Missed bins", "Place", "Waste", "Low", "monthly", "2026-08", 10,
                                            12]]), "m.csv", today=TODAY)
    with council.connect() as conn:
        rows = entry.form(conn, "waste", month)
    mid = int(rows["measure_id"].iloc[0])
    assert bumps(council, lambda: entry.save(council, rows, {mid: ("11", "")}, author="hos"))
    with council.connect() as conn:
        rows = entry.form(conn, "waste", month)
    assert bumps(council, lambda: entry.change_state(council, rows, "submit", author="hos"))
    with council.connect() as conn:
        event = int(audit.history(conn, mid).query("field == 'value'")["id"].iloc[-1])
    assert bumps(council, lambda: audit.restore(council, event))


def test_publishing_and_council_settings_bump(council):
    def publish():
        with council.begin() as conn:
            access.publish(conn, "2026/27 Q1")

    def unpublish():
        with council.begin() as conn:
            access.unpublish(conn, "2026/27 Q1")

    def names_off():
        with council.begin() as conn:
            access.set_council_setting(conn, "show_officer_names", "0")
    assert bumps(council, publish) and bumps(council, unpublish) and bumps(council, names_off)


def test_reading_does_not_bump(council):
    def read():
        with council.connect() as conn:
            loaders.figures(conn, loaders.measures(conn)["id"])
    assert not bumps(council, read)
