"""The import page's callbacks, called as plain functions on a fresh database: upload, preview with the choices a
user makes (heading row, columns, area, directorate and service, filter, measures' codes and polarity), confirm,
saved mappings offered again, and the council's import state."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import select

from data.core import db, loaders
from data.core.models import BenchmarkValue, Observation
from data.imports import pending
from data.people import access
from security import identity
from tests.conftest import point_app_at
from tests.imports.test_import import dump
from tests.imports.test_layouts_import import HEAD, csv_bytes, values_of, xlsx_bytes

GOOD = [HEAD + ["Period", "Actual", "Commentary"], ["A1", "Calls", "Resources", "Contact", "High", "2019/20 Q1", 5, ""]]
AREAS = [["area_code", "area_name", "period", "indicator", "value"],
         ["E1", "Trafford", "2024/25 Q1", "Major planning applications decided in time", "91.5"],
         ["E2", "Bury", "2024/25 Q1", "Major planning applications decided in time", "88"],
         ["E1", "Trafford", "2024/25 Q2", "Major planning applications decided in time", "93"],
         ["E2", "Bury", "2024/25 Q2", "Major planning applications decided in time", "c"]]


@pytest.fixture
def page_db(tmp_path, monkeypatch):
    """A fresh empty SQLite database behind the app's engine (the page writes, so not the shared demo)."""
    url = f"sqlite:///{tmp_path / 'page.db'}"
    eng = db.make_engine(url)
    db.upgrade(eng)
    yield from point_app_at(url, monkeypatch)
    eng.dispose()


def upload(data: bytes, name: str = "q.csv") -> str:
    from callbacks import import_data as page
    token, message = page.receive_upload("data:text/csv;base64," + base64.b64encode(data).decode(), name)
    assert token, message
    return token


def choose(shown: dict, **changes) -> dict:
    """The choices as the page would send them back: what it showed, with the user's changes."""
    chosen = {"saved": shown["saved"], "header_row": shown["header_row"], "columns": shown["columns"],
              "area": shown["area"], "directorate": shown["directorate"], "service": shown["service"],
              "frequency": shown["frequency"], "rollup": shown["rollup"],
              "filter_column": shown["filter_column"], "filter_values": shown["filter_values"],
              "measures": shown["measures"]}
    return {**chosen, **changes}


def preview(token, chosen=None) -> dict:
    from callbacks import import_data as page
    return page.show_preview(token, chosen)


def test_upload_preview_then_confirm_writes_only_on_confirmation(page_db):
    from callbacks import import_data as page
    before = dump(page_db)
    token = upload(csv_bytes(GOOD), "../../etc/q1 data.csv")
    assert len(token) >= 32 and "q1 data" not in token and "/" not in token      # random, never the name
    assert pending.load(page_db, token).content == csv_bytes(GOOD)
    steps = []
    shown = page.show_preview(token, None, steps.append)           # as the background job, told its progress
    assert steps[0] == (10, "Checking… 10%") and steps[-1] == (100, "Checking… 100%")
    assert shown["confirm_disabled"] is False and "1 new measures: A1" in str(shown["preview"])
    assert {k: v for k, v in dump(page_db).items() if k != "pending_import"} == \
        {k: v for k, v in before.items() if k != "pending_import"}, "the preview wrote something"
    assert pending.progress(page_db, token) == 1.0
    assert {"heading": "PI Code", "field": "code"} in shown["columns"]
    result, token_after, _, _ = page.confirm_import(1, token, None)
    assert "Imported ../../etc/q1 data.csv: 1 new measures, 1 new values" in str(result) and token_after is None
    assert values_of(page_db)[("A1", "2019/20 Q1")] == 5
    assert pending.load(page_db, token) is None                     # the bytes are gone once imported


def test_unrecognised_heading_is_given_its_field_in_the_columns_grid(page_db):
    from callbacks import import_data as page
    rows = [HEAD + ["Quarter", "Figure x"], ["A1", "Calls", "Resources", "Contact", "High", "2019/20 Q1", 5]]
    token = upload(csv_bytes(rows), "odd.csv")
    shown = preview(token)
    assert shown["confirm_disabled"] is True and "d-none" not in shown["panel_class"]
    assert {"heading": "Figure x", "field": "not recognised"} in shown["columns"] and "cannot be imported" in str(shown["preview"])
    columns = [{**r, "field": "value"} if r["heading"] == "Figure x" else r for r in shown["columns"]]
    shown = preview(token, choose(shown, columns=columns))
    assert shown["confirm_disabled"] is False
    page.confirm_import(1, token, None)
    assert values_of(page_db)[("A1", "2019/20 Q1")] == 5


def test_no_table_recognised_shows_the_first_rows_and_takes_a_heading_row(page_db):
    from callbacks import import_data as page
    rows = [["Quarterly return"], [], ["k", "d", "tq", "u"], ["CS01", "Calls answered", "95.3", "Customer Services"]]
    token = upload(csv_bytes(rows), "tiles.csv")
    shown = preview(token)
    assert "No table was recognised in tiles" in str(shown["first_rows"]) and "Calls answered" in str(shown["first_rows"])
    shown = preview(token, choose(shown, header_row=3))
    assert [r["heading"] for r in shown["columns"]] == ["k", "d", "tq", "u"]
    fields = {"k": "code", "d": "title", "tq": "value", "u": "service"}
    shown = preview(token, choose(shown, header_row=3, columns=[{"heading": h, "field": f} for h, f in fields.items()],
                                  directorate="Corporate"))
    assert "no period column" in str(shown["preview"])
    rows[0] = ["Quarterly return 2014/15"]
    rows[2].append("Period")
    rows[3].append("2014/15 Q1")
    token = upload(csv_bytes(rows), "tiles.csv")
    shown = preview(token, choose(preview(token), header_row=3, directorate="Corporate",
                                  columns=[{"heading": h, "field": f} for h, f in fields.items()]))
    assert shown["confirm_disabled"] is False, shown["preview"]
    page.confirm_import(1, token, None)
    assert values_of(page_db)[("CS01", "2014/15 Q1")] == 95.3


def test_area_picker_directorate_and_polarity_then_benchmarks_kept(page_db):
    from callbacks import import_data as page
    token = upload(csv_bytes(AREAS), "planning.csv")
    shown = preview(token)
    assert "2 areas (Bury, Trafford)" in str(shown["preview"]) and "d-none" not in shown["area_class"]
    assert [o["value"] for o in shown["area_options"]] == ["", "Bury", "Trafford"]
    shown = preview(token, choose(shown, area="Trafford"))
    assert "no directorate for 1 measure" in str(shown["preview"])
    shown = preview(token, choose(shown, directorate="Place", service="Planning"))
    assert shown["confirm_disabled"] is False
    measure = shown["measures"][0]
    assert measure["derived"] and measure["code"] == "MPADT" and measure["polarity"] == "none"
    assert "91.5" in str(shown["preview"]) and "1 figure of other areas kept for benchmarking" in str(shown["preview"])
    edited = [{**measure, "code": "PLAN-MAJ", "polarity": "higher"}]
    shown = preview(token, choose(shown, measures=edited))
    assert shown["measures"][0]["code"] == "PLAN-MAJ" and shown["measures"][0]["polarity"] == "higher"
    page.confirm_import(1, token, None)
    got = values_of(page_db)
    assert got[("PLAN-MAJ", "2024/25 Q1")] == 91.5 and got[("PLAN-MAJ", "2024/25 Q2")] == 93
    with page_db.connect() as conn:
        m = loaders.measures(conn).iloc[0]
        bench = conn.execute(select(BenchmarkValue.area_name, BenchmarkValue.period, BenchmarkValue.value)).all()
    assert (m["polarity"], m["directorate"], m["service"]) == ("higher", "Place", "Planning")
    assert bench == [("Bury", "2024/25 Q1", 88.0)]                  # Bury's suppressed `c` is not a figure


def test_filter_and_defaults_for_new_measures(page_db):
    from callbacks import import_data as page
    rows = [["Ref", "Title", "Team", "Period", "Value"], ["A1", "Calls", "Contact", "2019/20 Q1", 5],
            ["B1", "Bins", "Waste", "2019/20 Q1", 7]]
    token = upload(csv_bytes(rows), "two.csv")
    shown = preview(token, choose(preview(token), directorate="Resources", filter_column="Team",
                                  filter_values="Contact", rollup="sum"))
    assert "1 new measures: A1" in str(shown["preview"]) and shown["filter_values"] == "Contact"
    assert shown["rollup"] == "sum" and shown["frequency"] == ""
    page.confirm_import(1, token, None)
    with page_db.connect() as conn:
        m = loaders.measures(conn).iloc[0]
    assert (m["code"], m["rollup"], m["frequency"], m["service"]) == ("A1", "sum", "quarterly", "Contact")


def test_values_are_shown_in_their_units(page_db):
    from callbacks import import_data as page
    rows = [HEAD + ["Unit", "Period", "Actual"], ["A1", "Rent loss", "Place", "Housing", "Low", "%", "2019/20 Q1", "0.85"]]
    token = upload(csv_bytes(rows))
    page.confirm_import(1, token, None)
    rows[1][-1] = "0.9"
    shown = preview(upload(csv_bytes(rows)))
    cells = str(shown["preview"])
    assert "0.85%" in cells and "0.90%" in cells and "fractions" not in cells      # a real 0.85% is not a fraction


def test_saved_mapping_is_offered_again_for_the_same_headings(page_db):
    from callbacks import import_data as page
    token = upload(csv_bytes(AREAS), "planning-q1.csv")
    shown = preview(token, choose(preview(token), area="Trafford", directorate="Place", service="Planning"))
    result, *_ = page.confirm_import(1, token, "Trafford planning")
    assert "saved as 'Trafford planning'" in str(result)
    later = [AREAS[0], ["E1", "Trafford", "2024/25 Q3", "Major planning applications decided in time", "95"],
             ["E2", "Bury", "2024/25 Q3", "Major planning applications decided in time", "90"]]
    shown = preview(upload(csv_bytes(later), "planning-q3.csv"))
    assert shown["saved"] == "Trafford planning" and shown["confirm_disabled"] is False
    assert "read with the saved mapping 'Trafford planning'" in str(shown["preview"])


def test_imports_land_as_submitted_when_the_council_says_so(page_db):
    from callbacks import import_data as page
    with page_db.begin() as conn:
        access.set_council_setting(conn, "import_state", "submitted")
    token = upload(csv_bytes(GOOD))
    assert "as submitted: they wait for approval" in str(preview(token)["preview"])
    result, *_ = page.confirm_import(1, token, None)
    assert "wait for approval" in str(result)
    with page_db.connect() as conn:
        assert conn.execute(select(Observation.state)).scalars().all() == ["submitted"]
        assert loaders.figures(conn, loaders.measures(conn)["id"]) == {1: ({}, {})}   # not public until approved


def test_refused_upload_and_cancel_change_nothing(page_db):
    from callbacks import import_data as page
    before = dump(page_db)
    bad = [list(r) for r in GOOD]
    bad[1][6] = "five"
    token = upload(csv_bytes(bad), "bad.csv")
    shown = preview(token)
    assert shown["confirm_disabled"] is True and "is not a number" in str(shown["preview"])
    result, *_ = page.confirm_import(1, token, None)                 # a forced confirm is refused too
    assert "Refused" in str(result)
    page.cancel_import(1, token)
    assert dump(page_db) == before
    token, message = page.receive_upload("data:text/csv;base64,!!!", "x.csv")
    assert token is None and "could not be read" in str(message)


@pytest.mark.parametrize("name", ["\x00.csv", "a\x07b.xlsx", "tab\tname.csv"])
def test_a_file_name_with_control_characters_is_refused_plainly(page_db, name):
    """No browser sends such a name: a plain 400 (issue 13; over HTTP in tests/security/test_hold_input.py)."""
    from werkzeug.exceptions import BadRequest
    from callbacks import import_data as page
    before = dump(page_db)
    with pytest.raises(BadRequest, match="control characters"):
        page.receive_upload("data:text/csv;base64," + base64.b64encode(csv_bytes(GOOD)).decode(), name)
    assert dump(page_db) == before


def test_a_nul_file_name_is_a_plain_refusal_on_every_database(engine):
    with pytest.raises(pending.UploadRefused, match="control characters"):
        pending.create(engine, b"Ref,Period,Value\n", "\x00.csv")
    assert pending.load(engine, pending.create(engine, b"Ref,Period,Value\n", "ok.csv")).filename == "ok.csv"


def test_web_uploads_follow_the_servers_upload_limit(page_db, monkeypatch):
    from callbacks import import_data as page
    monkeypatch.setenv("MAX_UPLOAD_MB", "0.001")                  # about 1 KB
    data = b"Ref,Period,Value\n" + b"A1,2019/20 Q1,5\n" * 200
    token, message = page.receive_upload("data:text/csv;base64," + base64.b64encode(data).decode(), "big.csv")
    assert token is None and "larger than 0.001 MB" in str(message)
    assert upload(csv_bytes(GOOD), "small.csv")


def test_workbook_upload_with_a_merged_title_previews(page_db):
    def title(wb):
        wb["Q2"].merge_cells("A1:F1")
    data = xlsx_bytes({"Q2": [["Performance report 2019/20"], [], HEAD + ["Q2"],
                              ["A1", "Calls", "Resources", "Contact", "High", 88]]}, title)
    shown = preview(upload(data, "report.xlsx"))
    assert shown["confirm_disabled"] is False and "1 new values" in str(shown["preview"])


def test_import_and_entry_pages_build_without_arguments(app_db):
    import app  # noqa: F401  registers the pages
    from dashboards import data_entry, import_data
    built = str(import_data.layout())
    assert "import-upload" in built and "import-measures-grid" in built and "import-area" in built
    built = str(data_entry.layout(service=None))
    assert "entry-grid" in built and "entry-service" in built
    assert "No service is assigned to you" in built                # outside a request nobody may edit
    assert "entry-grid" in str(data_entry.layout(service="no-such", month="garbage"))


def test_entry_page_offers_an_editor_only_their_services(app_db, monkeypatch):
    import app  # noqa: F401
    from dashboards import data_entry
    with db.connect() as conn:
        services = loaders.services(conn)
    mine = services.iloc[0]
    monkeypatch.setattr(identity, "viewer", lambda: access.Viewer(role="editor", username="eddie",
                                                                services=frozenset({int(mine["id"])})))
    built = str(data_entry.layout(service=None))
    assert mine["name"] in built and services.iloc[1]["name"] not in built
    assert "No service is assigned" not in built
