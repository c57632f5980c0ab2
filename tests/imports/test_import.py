"""The canonical template: all-or-nothing import with row-level messages, idempotence, and summary counts."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from sqlalchemy import MetaData, select

from data.core import loaders
from data.imports import intake
from data.performance import summary
from data.core.models import Commentary, Observation
from data.core.periods import Period
from data.imports.problems import ImportRefused
from data.imports.values import parse_number
from tests import council_quarter

TODAY = date(2026, 11, 22)


def dump(engine) -> dict:
    """Every row of every table, for before/after comparisons."""
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return {name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
                for name, t in meta.tables.items() if name != "alembic_version"}


def quarter_results(engine, period="2019/20 Q2"):
    with engine.connect() as conn:
        measures = loaders.measures(conn)
        return summary.evaluate(measures, loaders.figures(conn, measures["id"]), Period.parse(period))


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_council_quarter_imports_and_reproduces_published_counts(engine, tmp_path, form):
    path = (council_quarter.write_xlsx(tmp_path / "q2.xlsx") if form == "xlsx"
            else council_quarter.write_csv_folder(tmp_path / "q2"))
    _, changes = intake.import_file(engine, path, today=TODAY)
    assert len(changes.new_measures) == 32
    results = quarter_results(engine)
    assert summary.counts(results) == council_quarter.PUBLISHED_COUNTS
    by_code = {r["code"]: r for r in results.to_dict("records")}
    for code, *_, expected in council_quarter.ROWS:
        assert by_code[code]["status"].value == expected, code
    rent = by_code["A04"]
    assert (rent["value"], rent["status"].value, rent["ytd_status"].value) == (0.85, "below_target", "on_target")
    assert rent["ytd_value"] == pytest.approx(0.71)
    assert by_code["A09"]["value"] == 44 and by_code["A10"]["value"] == pytest.approx(8.66)


def test_second_import_changes_nothing(engine, tmp_path):
    path = council_quarter.write_xlsx(tmp_path / "q2.xlsx")
    intake.import_file(engine, path, today=TODAY)
    before = dump(engine)
    _, changes = intake.import_file(engine, path, today=TODAY)
    assert changes.nothing
    assert dump(engine) == before


def test_no_data_words_keep_their_text_as_a_note(engine, tmp_path):
    intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "q"), today=TODAY)
    with engine.connect() as conn:
        row = conn.execute(select(Observation.value, Observation.note).where(Observation.period == "2019/20 Q2")
                           .where(Observation.note.is_not(None))).all()
    assert row == [(None, "tbc")]


def test_changed_value_is_reported_old_and_new(engine, tmp_path):
    intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "a"), today=TODAY)
    tables = council_quarter.tables()
    for row in tables["values"]:
        if row[0] == "A01":
            row[2] = 91
    _, changes = intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "b", tables), today=TODAY)
    assert changes.changed_values == [("A01", "2019/20 Q2", 90.0, 91.0)]


def broken_tables():
    t = copy.deepcopy(council_quarter.tables())
    t["measures"][3][9] = "upwards"                 # row 4: polarity
    t["measures"][5][0] = "A02"                      # row 6: duplicate code
    t["targets"][2][2] = "ninety"                    # row 3: target text
    t["values"].append(["ZZ9", "2019/20 Q2", 5, ""])  # unknown measure
    t["values"].append(["A01", "2031/32 Q1", 5, ""])  # future period
    t["values"].append(["A01", "2019/20 Q7", 5, ""])  # not a period
    t["values"].append(["A01", "2019-08", 5, ""])     # a month for a quarterly measure
    t["values"].append(["A23", "2019/20 Q1", "lots", ""])  # text in a number column
    return t


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_broken_file_is_refused_whole_with_row_level_messages(engine, tmp_path, form):
    intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "good"), today=TODAY)
    before = dump(engine)
    t = broken_tables()
    path = (council_quarter.write_xlsx(tmp_path / "bad.xlsx", t) if form == "xlsx"
            else council_quarter.write_csv_folder(tmp_path / "bad", t))
    with pytest.raises(ImportRefused) as refused:
        intake.import_file(engine, path, today=TODAY)
    messages = [str(p) for p in refused.value.problems]
    n_values = len(council_quarter.tables()["values"])
    expected = [
        "measures, row 4, column polarity: 'upwards' is not one of higher, lower, none",
        "measures, row 6, column code: measure A02 is listed twice (first at row 3)",
        "targets, row 3, column target: 'ninety' is not a number",
        f"values, row {n_values + 1}, column code: ZZ9 is not a measure in this council: add it to the measures "
        "sheet or check the code",
        f"values, row {n_values + 2}, column period: 2031/32 Q1 is in the future",
        f"values, row {n_values + 4}, column period: 2019-08 is a month but A01 is reported quarterly",
        f"values, row {n_values + 5}, column value: 'lots' is not a number",
    ]
    for message in expected:
        assert message in messages, (message, messages)
    assert any(m.startswith(f"values, row {n_values + 3}, column period: '2019/20 Q7' is not a period") for m in messages)
    assert dump(engine) == before


def test_missing_column_and_unreadable_file(engine, tmp_path):
    t = council_quarter.tables()
    t["measures"] = [row[:9] + row[10:] for row in t["measures"]]   # drop polarity
    with pytest.raises(ImportRefused) as refused:
        intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "x", t), today=TODAY)
    assert "measures, row 1, column polarity: missing column `polarity`" in [str(p) for p in refused.value.problems]
    bad = tmp_path / "corrupt.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not a workbook")
    with pytest.raises(ImportRefused, match="corrupt.xlsx: not a readable .xlsx workbook"):
        intake.import_file(engine, bad, today=TODAY)
    with pytest.raises(ImportRefused, match="no such file"):
        intake.import_file(engine, tmp_path / "nope.xlsx", today=TODAY)


def test_hostile_commentary_is_stored_as_plain_text(engine, tmp_path):
    t = council_quarter.tables()
    hostile = "<script>alert(1)</script>'; DROP TABLE measure; --"
    t["values"][1][3] = hostile
    intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "h", t), today=TODAY)
    with engine.connect() as conn:
        assert hostile in conn.execute(select(Commentary.text)).scalars().all()
        assert len(loaders.measures(conn)) == 32


def test_dry_run_writes_nothing(engine, tmp_path):
    before = dump(engine)
    _, changes = intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "d"), dry_run=True, today=TODAY)
    assert len(changes.new_measures) == 32 and changes.new_values > 0
    assert dump(engine) == before


@pytest.mark.parametrize(("cell", "number"), [
    ("8.66%", 8.66), ("£1,234,567", 1234567), ("1,234", 1234), ("44 secs", 44), ("-", None), ("n/a", None),
    ("tbc", None), ("data not available", None), ("", None), (12, 12), (0.5, 0.5), ("-3.5", -3.5), ("(12)", -12),
])
def test_parse_number(cell, number):
    assert parse_number(cell) == number


@pytest.mark.parametrize("cell", ["lots", "1,23", "12abc!", "1.2.3", True, float("inf")])
def test_parse_number_rejects(cell):
    with pytest.raises(ValueError):
        parse_number(cell)


def test_long_names_are_refused_or_fit_their_columns(engine, tmp_path):
    t = council_quarter.tables()
    t["measures"][1][4] = "S" * 201                     # service name over 200 characters
    t["measures"][2][0] = "C" * 41                      # code over 40
    with pytest.raises(ImportRefused) as refused:
        intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "long", t), today=TODAY)
    messages = [str(p) for p in refused.value.problems]
    assert "measures, row 2, column service: is longer than 200 characters" in messages
    assert "measures, row 3, column code: is longer than 40 characters" in messages
    t = council_quarter.tables()
    t["measures"][1][4] = "Clackmannanshire & Stirling Health and Social Care Partnership ; " * 3   # 195 chars
    intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "ok", t), today=TODAY)
    with engine.connect() as conn:
        assert all(len(s) <= 80 for s in loaders.services(conn)["slug"])


def test_the_committed_empty_template_imports(engine):
    from tests.conftest import ROOT
    _, changes = intake.import_file(engine, ROOT / "templates" / "performance-template.xlsx", dry_run=True,
                                    today=TODAY)
    assert (changes.new_measures, changes.new_values, changes.new_targets) == (["HSG01"], 1, 1)
