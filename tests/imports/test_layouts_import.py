"""Imports of what councils actually have: wide and long layouts, heading synonyms, mappings, and bad files
refused whole with the user's own sheet, row and column named."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from data.core import loaders
from data.imports import cells, intake
from data.imports.headings import heading_key, period_heading, recognise
from data.imports.mapping import Mapping
from data.imports.problems import ImportRefused, Problem
from tests.imports.test_import import dump

pytestmark = pytest.mark.reading_only   # how files are read; storing them is tested on both backends

TODAY = date(2026, 11, 22)
HEAD = ["PI Code", "Indicator", "Directorate", "Service", "Good is"]


def csv_bytes(rows) -> bytes:
    import csv
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(sheets: dict, hook=None) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    if hook:
        hook(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def values_of(engine):
    with engine.connect() as conn:
        m = loaders.measures(conn)
        figures = loaders.figures(conn, m["id"])
    out = {}
    for mid, code in zip(m["id"], m["code"]):
        vals, targets = figures[mid]
        out.update({(code, p.label): v for p, v in vals.items()})
        out.update({(code, p.label, "target"): t for p, t in targets.items()})
    return out


def refused(engine, data, name, mapping=None) -> list[Problem]:
    before = dump(engine)
    with pytest.raises(ImportRefused) as e:
        intake.import_file(engine, data, name, mapping=mapping, today=TODAY)
    assert dump(engine) == before, "a refused file changed the database"
    return e.value.problems


@pytest.mark.parametrize(("heading", "field"), [
    ("PI Code", "code"), ("Ref", "code"), ("KPI ID", "code"), ("  kpi   id ", "code"), ("KPI-ID", "code"),
    ("Actual", "value"), ("Value", "value"), ("Outturn", "value"), ("Good is", "polarity"),
    ("Polarity", "polarity"), ("Direction", "polarity"), ("Pref'd Outcm", "polarity"),
    ("Indicator", "title"), ("Commentary", "commentary"), ("Financial Year", "year"), ("Q1", None),
])
def test_heading_synonyms(heading, field):
    assert recognise(heading) == field


def test_period_headings():
    fy = cells.financial_year("2019/20")
    assert period_heading("Q1", None)[:2] == ("value", None)
    assert period_heading("Q1 Actual", fy)[:2] == ("value", fy.quarters()[0])
    assert period_heading("Q3 Target", fy)[1].label == "2019/20 Q3" and period_heading("Q3 Target", fy)[0] == "target"
    assert period_heading("Jul-19", None)[1].label == "2019-07"
    assert period_heading("Actual 06/07", None)[1].label == "2006/07"
    assert period_heading("Indicator", None) is None and period_heading("Commentary", None) is None
    assert heading_key(" Good  IS ") == "good is"


def test_wide_quarterly_layout_with_year_column(engine):
    data = csv_bytes([HEAD + ["Year", "Target", "Q1", "Q2", "Q3", "Q4", "Status", "Commentary"],
                      ["HSG01", "Rent loss", "Place", "Housing", "Lower is better", "2019/20", "0.75%", "0.8%",
                       "0.85%", "", "", "Red", "Voids up"],
                      ["CT01", "Council tax collected", "Resources", "Revenues", "Bigger is better", "2019-20",
                       "£1,234", "£900", "n/a", "", "", "Green", ""]])
    prepared, changes = intake.import_file(engine, data, "q.csv", today=TODAY)
    assert prepared.layouts == {"q": "wide"} and prepared.ignored == ["Status"]
    assert sorted(changes.new_measures) == ["CT01", "HSG01"] and changes.new_values == 4
    got = values_of(engine)
    assert got[("HSG01", "2019/20 Q2")] == 0.85 and got[("CT01", "2019/20 Q1")] == 900
    assert got[("CT01", "2019/20 Q2")] is None                       # n/a: no data
    assert got[("HSG01", "2019/20 Q1", "target")] == 0.75 and got[("CT01", "2019/20 Q1", "target")] == 1234
    assert ("HSG01", "2019/20 Q3") not in got                         # blank future quarter: nothing stored
    with engine.connect() as conn:
        m = loaders.measures(conn).set_index("code")
        assert (m.loc["HSG01", "polarity"], m.loc["CT01", "polarity"]) == ("lower", "higher")
        assert m.loc["HSG01", "frequency"] == "quarterly" and m.loc["HSG01", "unit"] == "%"
        hsg = int(m.loc["HSG01", "id"])
        assert loaders.commentary(conn, hsg)["text"].tolist() == ["Voids up"]
        assert conn.exec_driver_sql("SELECT note FROM observation WHERE value IS NULL").scalar() == "n/a"


def test_wide_layout_one_sheet_per_year_with_actual_target_pairs(engine):
    rows = lambda a, b: [HEAD + ["Q1 Actual", "Q1 Target", "Q2 Actual", "Q2 Target"],  # noqa: E731
                         ["A1", "Calls answered", "Resources", "Contact", "High", a, 80, b, 80]]
    data = xlsx_bytes({"2018-19": rows(70, 71), "2019-20": rows(75, 90)})
    prepared, changes = intake.import_file(engine, data, "calls.xlsx", today=TODAY)
    assert prepared.layouts == {"2018-19": "wide", "2019-20": "wide"}
    got = values_of(engine)
    assert got[("A1", "2018/19 Q1")] == 70 and got[("A1", "2019/20 Q2")] == 90
    assert got[("A1", "2019/20 Q2", "target")] == 80 and changes.new_targets == 4


def test_long_layout_with_synonyms_and_excel_dates(engine):
    data = xlsx_bytes({"Data": [["KPI ID", "Title", "Department", "Team", "Direction", "Frequency", "Period",
                                 "Outturn", "Target", "Notes"],
                                ["B2", "Missed bins", "Place", "Waste", "Smaller is better", "Monthly",
                                 datetime(2019, 7, 1), "44", 50, "ok"],
                                ["B2", "Missed bins", "Place", "Waste", "Smaller is better", "Monthly", "Aug-19",
                                 "tbc", 50, None]]})
    intake.import_file(engine, data, "bins.xlsx", today=TODAY)
    got = values_of(engine)
    assert got[("B2", "2019-07")] == 44 and got[("B2", "2019-08")] is None and got[("B2", "2019-07", "target")] == 50


def test_figures_for_known_measures_need_no_measure_columns(engine):
    intake.import_file(engine, csv_bytes([HEAD + ["Period", "Actual"],
                                          ["A1", "Calls", "Resources", "Contact", "High", "2019/20 Q1", 5]]),
                       "a.csv", today=TODAY)
    _, changes = intake.import_file(engine, csv_bytes([["Ref", "Period", "Value"], ["A1", "2019/20 Q1", 6]]),
                                    "b.csv", today=TODAY)
    assert changes.changed_values == [("A1", "2019/20 Q1", 5, 6)] and not changes.changed_measures


def test_unrecognised_heading_needs_a_mapping(engine):
    rows = [HEAD + ["Quarter", "Figure x"], ["A1", "Calls", "Resources", "Contact", "High", "2019/20 Q1", 5]]
    problems = refused(engine, csv_bytes(rows), "odd.csv")
    assert problems == [Problem("odd", 1, "Figure x", "heading not recognised: map it to a field or to `ignore`")]
    mapping = Mapping(headings={"figure X": "value"})
    intake.import_file(engine, csv_bytes(rows), "odd.csv", mapping=mapping, today=TODAY)
    assert values_of(engine)[("A1", "2019/20 Q1")] == 5


def test_mapping_supplies_missing_measure_fields(engine):
    rows = [["Ref", "Indicator", "Period", "Value"], ["A1", "Calls", "2019/20 Q1", 5]]
    problems = refused(engine, csv_bytes(rows), "bare.csv")
    assert {(p.row, p.column) for p in problems} == {(2, "directorate"), (2, "service")}
    assert all("for the whole file" in p.message for p in problems)
    mapping = {"defaults": {"directorate": "Resources", "service": "Contact"}, "measures": {"A1": {"polarity": "up"}}}
    intake.import_file(engine, csv_bytes(rows), "bare.csv", mapping=mapping, today=TODAY)
    with engine.connect() as conn:
        m = loaders.measures(conn).iloc[0]
    assert (m["directorate"], m["service"], m["polarity"], m["kind"]) == ("Resources", "Contact", "higher", "data only")


# bad input: each refused whole, with sheet, row and column -----------------------------------------
GOOD = [HEAD + ["Period", "Actual", "Commentary"], ["A1", "Calls", "Resources", "Contact", "High", "2019/20 Q1", 5, ""]]


def _with(row_changes: dict, extra_rows=()):
    rows = [list(r) for r in GOOD]
    for i, v in row_changes.items():
        rows[1][i] = v
    return rows + [list(r) for r in extra_rows]


@pytest.mark.parametrize(("rows", "expected"), [
    (_with({}, [["A1", "Calls", "People", "Contact", "High", "2019/20 Q2", 6, ""]]),
     ("data", 3, "Directorate", "measure A1 has directorate 'People' here but 'Resources' at data row 2")),
    (_with({5: "2030/31 Q1"}), ("data", 2, "Period", "2030/31 Q1 is in the future")),
    (_with({6: "five"}), ("data", 2, "Actual", "'five' is not a number")),
    (_with({5: "Q9 2019/20"}), ("data", 2, "Period", "'Q9 2019/20' is not a period")),
    (_with({7: "x" * 10_001}), ("data", 2, "Commentary", "is longer than 10000 characters")),
    (_with({7: "ok\x1b[31m\x07"}), ("data", 2, "H", "contains control characters")),
    (_with({}, [["A1", "Calls", "Resources", "Contact", "High", "2019/20 Q1", 7, ""]]),
     ("data", 3, "Period", "A1 2019/20 Q1 already given at row")),
])
def test_bad_rows_are_refused_with_their_place(engine, rows, expected):
    problems = refused(engine, csv_bytes(rows), "data.csv")
    assert any((p.sheet, p.row, p.column) == expected[:3] and expected[3] in p.message for p in problems), problems


def test_duplicate_measure_codes_in_a_wide_sheet(engine):
    rows = [HEAD + ["Year", "Q1"], ["A1", "Calls", "Resources", "Contact", "High", "2019/20", 5],
            ["A1", "Calls again", "Resources", "Contact", "High", "2019/20", 6]]
    problems = refused(engine, csv_bytes(rows), "w.csv")
    assert Problem("w", 3, "PI Code", "measure A1 is listed twice in this sheet (first at row 2)") in problems


def test_hostile_commentary_is_kept_as_plain_text(engine):
    hostile = "<script>alert(1)</script>'; DROP TABLE measure; -- =HYPERLINK(\"http://x\")"
    intake.import_file(engine, csv_bytes(_with({7: hostile})), "h.csv", today=TODAY)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT text FROM commentary").scalar() == hostile
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM measure").scalar() == 1


def test_wrong_type_corrupt_and_oversized_files(engine, monkeypatch):
    assert "old Excel .xls" in refused(engine, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a.xls")[0].message
    assert "not a CSV or XLSX" in refused(engine, b"%PDF-1.4\x00\x01binary", "report.pdf")[0].message
    corrupt = xlsx_bytes({"Data": GOOD})[:2000]
    assert "not a readable .xlsx workbook" in refused(engine, corrupt, "c.xlsx")[0].message
    assert "not a readable .xlsx workbook" in refused(engine, b"hello", "c.xlsx")[0].message
    big = b"a,b\n" + b"1,2\n" * (13 * 1024 * 1024)                    # 52 MB
    assert refused(engine, big, "big.csv")[0].message.startswith("the file is 52.0 MB; the limit is 50 MB")
    assert "empty" in refused(engine, b"", "e.csv")[0].message


def test_formulas_merged_headings_and_hidden_sheets(engine):
    def formula(wb):
        wb["Data"]["G2"] = "=2+3"
    problems = refused(engine, xlsx_bytes({"Data": GOOD}, formula), "f.xlsx")
    assert where(problems[0]) == ("Data", 2, "G") and "formula" in problems[0].message

    def merged(wb):
        wb["Data"].merge_cells("A1:B1")
    problems = refused(engine, xlsx_bytes({"Data": GOOD}, merged), "m.xlsx")
    assert where(problems[0]) == ("Data", 1, "A") and "A1:B1 are merged" in problems[0].message

    def hidden(wb):
        wb.create_sheet("Old").sheet_state = "hidden"
    problems = refused(engine, xlsx_bytes({"Data": GOOD}, hidden), "h.xlsx")
    assert where(problems[0]) == ("Old", None, None) and "hidden" in problems[0].message


def where(p: Problem) -> tuple:
    return p.sheet, p.row, p.column
