"""Export to the canonical template: selections, and export -> import into an empty database -> export
gives identical files (byte for byte, CSV and XLSX)."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from data.core import loaders
from data.imports import export, intake
from data.core.periods import Period
from data.people import access
from tests.imports.test_layouts_import import HEAD, csv_bytes
from tests.security import test_security

council_file, council = test_security.council_file, test_security.council   # the demo council with one user a role
OLGA = access.Viewer(role="officer", username="olga")

TODAY = date(2026, 11, 22)


def exported(eng, **selection):
    with eng.connect() as conn:
        return export.tables(conn, **selection)


# Each format exported from each backend and imported into each: the workbook across backends (SQLite to
# PostgreSQL and back, as a council moving to production does), the CSV folder within each.
PAIRS = [("sqlite", "postgresql", "xlsx"), ("postgresql", "sqlite", "xlsx"), ("sqlite", "sqlite", "csv"),
         ("postgresql", "postgresql", "csv")]


@pytest.mark.parametrize(("demo_engine", "engine", "fmt"), PAIRS, indirect=["demo_engine", "engine"],
                         ids=["-".join(p) for p in PAIRS])
def test_round_trip_of_everything_is_identical(demo_engine, engine, tmp_path, fmt):
    first = exported(demo_engine)
    assert len(first["measures"]) == 62 and len(first["values"]) > 1000   # 61 measures (one a context indicator)
    assert (len(first["objectives"]), len(first["risks"])) == (16, 16) and len(first["actions"]) > 80
    closed = [row for row in first["interventions"][1:] if row[4]]
    assert len(first["interventions"]) == 12 and closed and all(row[5] for row in closed)   # closed, with notes
    if fmt == "csv":
        files = export.csv_files(first)
        folder = export.write_csv_folder(first, tmp_path / "export")
        intake.import_file(engine, folder, today=TODAY)
        assert export.csv_files(exported(engine)) == files
    else:
        data = export.xlsx_bytes(first)
        intake.import_file(engine, data, "everything.xlsx", today=TODAY)
        again = export.xlsx_bytes(exported(engine))
        assert again == data
        book = load_workbook(io.BytesIO(again))
        assert [[c.value for c in row] for row in book["values"].iter_rows()] == \
            [[None if c == "" else c for c in row] for row in first["values"]]


def test_xlsx_is_deterministic_and_has_fixed_timestamps(demo_engine):
    data = exported(demo_engine, directorate=loaders_first_directorate(demo_engine))
    a, b = export.xlsx_bytes(data), export.xlsx_bytes(data)
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        assert {i.date_time for i in z.infolist()} == {export.FIXED_TIME}
        assert b"2000-01-01T00:00:00Z" in z.read("docProps/core.xml")


def loaders_first_directorate(eng):
    with eng.connect() as conn:
        return loaders.directorates(conn)["slug"].iloc[0]


def test_selection_by_directorate_and_period_range(demo_engine):
    slug = loaders_first_directorate(demo_engine)
    part = exported(demo_engine, directorate=slug, first="2025/26 Q1", last="2025/26 Q4")
    with demo_engine.connect() as conn:
        codes = set(loaders.measures(conn, directorate=slug)["code"])
    assert {r[0] for r in part["measures"][1:]} == codes
    assert {r[0] for r in part["values"][1:]} <= codes and part["values"][1:]
    fy = Period.parse("2025/26")
    assert all(fy.contains(Period.parse(r[1])) for r in part["values"][1:] + part["targets"][1:])


def test_notes_commentary_and_formula_like_text_survive(engine):
    hostile = '=HYPERLINK("http://evil")'
    rows = [HEAD + ["Period", "Actual", "Commentary"],
            ["A1", "Calls", "Resources", "Contact", "High", "2019/20 Q1", "tbc", hostile],
            ["A1", "Calls", "Resources", "Contact", "High", "2019/20 Q2", "0.1", ""]]
    intake.import_file(engine, csv_bytes(rows), "a.csv", today=TODAY)
    data = exported(engine)
    assert data["values"][1:] == [["A1", "2019/20 Q1", "tbc", hostile], ["A1", "2019/20 Q2", 0.1, ""]]
    book = load_workbook(io.BytesIO(export.xlsx_bytes(data)))   # written with a quote first: never run as a formula
    assert book["values"]["D2"].value == "'" + hostile and book["values"]["D2"].data_type == "s"
    assert export.csv_files(data)["values.csv"].decode().splitlines()[1:] == \
        ['A1,2019/20 Q1,tbc,"\'=HYPERLINK(""http://evil"")"', "A1,2019/20 Q2,0.1,"]


@pytest.mark.parametrize(("value", "text"), [(12.0, "12"), (0.1, "0.1"), (1e-05, "0.00001"), (-3.25, "-3.25"),
                                             (123456789.123, "123456789.123")])
def test_numbers_are_written_in_their_shortest_exact_form(value, text):
    assert export._number(value) == text and float(text) == value


def test_cli_export_history_and_restore(monkeypatch, tmp_path):
    from flask import Flask

    import commands
    from data.core import db
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    db.engine.cache_clear()
    server = Flask("cli-test")
    commands.register(server)
    run = server.test_cli_runner().invoke
    try:
        first = tmp_path / "a.csv"
        first.write_bytes(csv_bytes([HEAD + ["Period", "Actual"], ["A1", "Calls", "Resources", "Contact", "High",
                                                                   "2019/20 Q1", 70]]))
        assert run(args=["import", str(first), "--author", "ann"]).exit_code == 0
        first.write_bytes(csv_bytes([["Ref", "Period", "Outturn"], ["A1", "2019/20 Q1", 75]]))
        result = run(args=["import", str(first), "--dry-run"])
        assert result.exit_code == 0 and "A1 2019/20 Q1: 70.0 -> 75.0" in result.output
        assert run(args=["import", str(first), "--author", "bob"]).exit_code == 0
        lines = run(args=["history", "A1"]).output.splitlines()
        assert "value      70 -> 75  (bob; a.csv, a row 2)" in lines[0]
        change_id = lines[0].split()[0]
        assert run(args=["restore", change_id, "--author", "carol"]).output.strip() == \
            "A1 2019/20 Q1 value restored to 70"
        result = run(args=["export", str(tmp_path / "out.xlsx"), "--from", "2019/20 Q1", "--to", "2019/20"])
        assert result.exit_code == 0 and "Exported 1 measures, 1 values and 0 targets" in result.output
        book = load_workbook(tmp_path / "out.xlsx")
        assert [c.value for c in book["values"][2]] == ["A1", "2019/20 Q1", 70, None]
        assert run(args=["export", str(tmp_path / "folder")]).exit_code == 0
        assert (tmp_path / "folder" / "values.csv").read_text().splitlines()[1] == "A1,2019/20 Q1,70,"
        assert run(args=["restore", "99999"]).exit_code == 2
        assert run(args=["export", str(tmp_path / "x.csv"), "--from", "Q9"]).exit_code == 2
    finally:
        db.engine.cache_clear()


def test_page_export_is_a_job_whose_file_only_that_officer_downloads(council):
    """Issue 14, item 4: the export runs as a background job (its body here, with its progress) and its file comes
    from the download route, which checks the role and the user: no file inside a callback response."""
    from callbacks import import_data as page
    from tests.security.test_security import signed_in

    directorates, firsts, lasts = page.list_export_choices(None)
    assert directorates[0] == {"label": "Every directorate", "value": "all"} and len(directorates) == 6
    assert firsts[0]["value"] == "all" and {"label": "2025/26 Q1 (Apr-Jun)", "value": "2025/26 Q1"} in firsts
    slug = directorates[1]["value"]
    steps = []
    children = page.produce_export(steps.append, slug, "2025/26 Q1", "2025/26 Q4", "xlsx", OLGA)
    assert steps == [(10, "Reading the measures, values and targets"), (60, "Writing the workbook"), (100, "Done")]
    link = downloadable(children)
    assert link.download == f"performance-{slug}-2025-26Q1-2025-26Q4.xlsx"
    response = signed_in("olga").client.get(link.href)
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert response.headers["Content-Disposition"].endswith(link.download)
    book = load_workbook(io.BytesIO(response.data))
    periods = {r[1] for r in book["values"].iter_rows(min_row=2, values_only=True)}
    assert periods and all(Period.parse("2025/26").contains(Period.parse(p)) for p in periods)
    said = children[0].children
    assert said == (f"Exported {book['measures'].max_row - 1:,} measures, {book['values'].max_row - 1:,} values and "
                    f"{book['targets'].max_row - 1:,} targets.")
    assert signed_in("mina").client.get(link.href).status_code == 403     # a member may not have it
    assert signed_in(None).client.get(link.href).status_code == 403
    assert signed_in("olga").client.get(link.href + "x").status_code == 404

    everything = downloadable(page.produce_export(steps.append, "all", "all", "all", "zip", OLGA))
    assert everything.download == "performance-all.zip"
    with zipfile.ZipFile(io.BytesIO(signed_in("olga").client.get(everything.href).data)) as z:
        assert {"measures.csv", "targets.csv", "values.csv"} <= set(z.namelist())
    hostile = downloadable(page.produce_export(steps.append, "' OR 1=1 --", None, None, "xlsx", OLGA))
    assert hostile.download == "performance-or-1-1.xlsx"
    assert downloadable(page.produce_export(steps.append, "' OR 1=1 --", "garbage", None, "xlsx", OLGA)) \
        .download.endswith(".xlsx")
    refused = page.produce_export(steps.append, "all", None, None, "exe", OLGA)
    assert "Unknown format 'exe'" in refused[0].children and not any(getattr(c, "href", None) for c in refused)


def downloadable(children):
    return next(c for c in children if getattr(c, "href", None))
