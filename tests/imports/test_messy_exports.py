"""Exports in the layouts councils' systems produce, imported with no mapping (at most a directorate and a service
named once): a Pentana-style PI report with a merged title, a wide quarterly sheet with no codes, monthly returns
with no frequency or directorate column, one sheet per directorate, a weekly series. Every stored figure is
compared with the file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from data.core import loaders
from data.core.periods import Period
from data.imports import intake
from data.imports.mapping import Mapping
from data.performance.assess import Frequency, Rollup, Rule, value_for
from tests.imports.test_layouts_import import TODAY, csv_bytes, refused, values_of, xlsx_bytes

pytestmark = pytest.mark.reading_only   # how files are read; storing them is tested on both backends

PENTANA = [
    ["Corporate Performance Report - Quarter 2 2019/20"],
    ["Directorate: Place"],
    [],
    ["PI Code & Name", "Q1 2019/20 Value", "Q1 2019/20 Target", "Q2 2019/20 Value", "Q2 2019/20 Target", "Status",
     "Short Trend", "Latest Note", "Managed By"],
    ["PL01 Major planning applications decided in 13 weeks (aim to maximise)", "88%", "90%", "92.5%", "90%",
     "Green", "Improving", "Back on track after a slow spring", "J Smith"],
    ["PL02 - Missed bin collections per 100,000 (aim to minimise)", 45, 40, 38, 40, "Green", "Improving", "", "A Khan"],
    ["PL03: Fly-tipping incidents cleared in 2 days (Good is: High)", 0.91, 0.95, 0.97, 0.95, "Amber", "", "", ""],
    [],
    ["Source: Pentana Risk, report generated 12/10/2019 09:14"],
]


def pentana_workbook() -> bytes:
    def merge_title(wb):
        wb["PI Report"].merge_cells("A1:I1")
    return xlsx_bytes({"PI Report": PENTANA}, merge_title)


def measures(engine):
    with engine.connect() as conn:
        return loaders.measures(conn).set_index("code")


def test_pentana_style_report_with_merged_title_and_combined_code_and_name(engine):
    data = pentana_workbook()
    problems = refused(engine, data, "pi-report.xlsx")
    assert [(p.column, p.message.split(":")[0]) for p in problems] == [("service", "no service for 3 measures (PL01, "
                                                                                   "PL02, PL03)")]
    prepared, changes = intake.import_file(engine, data, "pi-report.xlsx", mapping=Mapping().merged(service="Planning"),
                                           today=TODAY)
    assert sorted(changes.new_measures) == ["PL01", "PL02", "PL03"] and changes.new_values == 6
    assert changes.new_targets == 6
    got = values_of(engine)
    assert got[("PL01", "2019/20 Q2")] == 92.5 and got[("PL02", "2019/20 Q1")] == 45 and got[("PL03", "2019/20 Q2")] == 0.97
    assert got[("PL01", "2019/20 Q1", "target")] == 90 and got[("PL02", "2019/20 Q2", "target")] == 40
    m = measures(engine)
    assert list(m.loc[["PL01", "PL02", "PL03"], "polarity"]) == ["higher", "lower", "higher"]
    assert m.loc["PL01", "title"] == "Major planning applications decided in 13 weeks"
    assert m.loc["PL02", "title"] == "Missed bin collections per 100,000"
    assert set(m["directorate"]) == {"Place"} and set(m["frequency"]) == {"quarterly"}
    assert m.loc["PL01", "owner"] == "J Smith" and m.loc["PL01", "unit"] == "%"
    assert any("footer" in n and "Source: Pentana" in n for n in prepared.notes)
    assert {"Status", "Short Trend"} <= set(prepared.ignored)
    with engine.connect() as conn:
        notes = loaders.commentary(conn, int(m.loc["PL01", "id"]))
    assert list(notes["period"]) == ["2019/20 Q2"]                    # a row's note belongs to its latest figure


def test_merged_cells_inside_the_table_are_still_refused(engine):
    def merge_inside(wb):
        wb["PI Report"].merge_cells("B5:C5")
    problems = refused(engine, xlsx_bytes({"PI Report": PENTANA}, merge_inside), "bad.xlsx",
                       Mapping().merged(service="Planning"))
    assert [(p.sheet, p.row, p.column) for p in problems] == [("PI Report", 5, "B")]
    assert "B5:C5 are merged" in problems[0].message


def test_wide_quarterly_sheet_without_codes_gets_codes_from_names(engine):
    rows = [["Housing performance 2019/20"], [],
            ["Indicator", "Good is", "Target", "Q1", "Q2", "Q3", "Q4"],
            ["Rent collected as % of rent due", "High", "97%", "95.1%", "96.4%", "", ""],
            ["Average days to re-let empty homes", "Low", 25, 31, 27, "", ""],
            ["Households in temporary accommodation", "", "", 112, 118, "", ""],
            ["Total", "", "", 238.1, 241.4, "", ""]]
    data = xlsx_bytes({"2019-20": rows})
    options = Mapping().merged(directorate="People", service="Housing")
    prepared, changes = intake.import_file(engine, data, "housing.xlsx", mapping=options, today=TODAY)
    assert sorted(changes.new_measures) == ["ADRLEH", "HTA", "RCRD"] and changes.new_values == 6
    got = values_of(engine)
    assert got[("RCRD", "2019/20 Q2")] == 96.4 and got[("ADRLEH", "2019/20 Q1")] == 31 and got[("HTA", "2019/20 Q2")] == 118
    assert got[("RCRD", "2019/20 Q1", "target")] == 97 and ("HTA", "2019/20 Q1", "target") not in got
    m = measures(engine)
    assert (m.loc["HTA", "kind"], m.loc["HTA", "polarity"]) == ("data only", "none")
    assert (m.loc["ADRLEH", "kind"], m.loc["ADRLEH", "polarity"]) == ("target", "lower")
    assert any("derived from the name 'Rent collected" in n for n in prepared.notes)
    assert any("row 7 (Total) is a footer" in n for n in prepared.notes)
    # next quarter's sheet finds the same measures by name, whatever codes derivation would give
    rows[4][5] = 24
    _, again = intake.import_file(engine, xlsx_bytes({"2019-20": rows}), "housing.xlsx", mapping=options, today=TODAY)
    assert again.new_measures == [] and again.new_values == 1 and values_of(engine)[("ADRLEH", "2019/20 Q3")] == 24


def test_target_with_no_polarity_is_asked_once_for_each_measure(engine):
    rows = [["Indicator", "Target", "Q1"], ["Calls answered in 20 seconds", 80, 79], ["Complaints answered", 95, 97]]
    problems = refused(engine, xlsx_bytes({"2019-20": rows}), "calls.xlsx",
                       Mapping().merged(directorate="Resources", service="Contact"))
    assert [(p.column, p.message.split(":")[0]) for p in problems] == [("polarity", "no polarity for 2 measures "
                                                                                    "(CA20S, CA)")]
    assert "--polarity CODE=higher" in problems[0].message
    intake.import_file(engine, xlsx_bytes({"2019-20": rows}), "calls.xlsx", today=TODAY, mapping=Mapping().merged(
        directorate="Resources", service="Contact", polarity={"CA20S": "higher", "CA": "higher"}))
    assert set(measures(engine)["polarity"]) == {"higher"}


MONTHLY = [["Ref", "Measure", "Month", "Value"],
           ["HS01", "Homelessness preventions", "Apr-19", 31], ["HS01", "Homelessness preventions", "May-19", 28],
           ["HS01", "Homelessness preventions", "Jun-19", 35],
           ["HS02", "Average days in temporary accommodation", "April 2019", "41.5"],
           ["HS02", "Average days in temporary accommodation", "May 2019", "39"]]


def test_monthly_returns_without_frequency_or_directorate_columns(engine):
    data = csv_bytes(MONTHLY)
    problems = refused(engine, data, "returns.csv")
    assert sorted(p.column for p in problems) == ["directorate", "service"]       # one message each, not per row
    options = Mapping().merged(directorate="People", service="Housing Options")
    _, changes = intake.import_file(engine, data, "returns.csv", mapping=options, today=TODAY)
    assert changes.new_values == 5
    got = values_of(engine)
    assert [got[("HS01", f"2019-0{m}")] for m in (4, 5, 6)] == [31, 28, 35] and got[("HS02", "2019-04")] == 41.5
    m = measures(engine)
    assert set(m["frequency"]) == {"monthly"} and set(m["directorate"]) == {"People"}
    assert m.loc["HS02", "decimals"] == 1


def test_one_sheet_per_directorate_gathered_into_one_import(engine):
    place = [["Ref", "Measure", "Month", "Value"], ["PL10", "Street lights repaired in 5 days", "Apr-19", 93]]
    people = [["Ref", "Measure", "Month", "Value"], ["PE10", "Care assessments on time", "Apr-19", 81],
              ["PE10", "Care assessments on time", "May-19", 84]]
    prepared, changes = intake.import_file(engine, xlsx_bytes({"Place": place, "People": people}), "returns.xlsx",
                                           mapping=Mapping().merged(service="Monthly returns"), today=TODAY)
    assert changes.new_values == 3
    m = measures(engine)
    assert (m.loc["PL10", "directorate"], m.loc["PE10", "directorate"]) == ("Place", "People")
    assert any("sheet 'People' read as the directorate 'People'" in n for n in prepared.notes)


def test_one_sheet_per_year_gathered_into_one_import(engine):
    rows = lambda a, b: [["PI Code", "Indicator", "Good is", "Q1", "Q2"], ["A1", "Calls answered", "High", a, b]]  # noqa: E731
    _, changes = intake.import_file(engine, xlsx_bytes({"2018-19": rows(70, 72), "FY 2019-20": rows(75, 77)}), "a.xlsx",
                                    mapping=Mapping().merged(directorate="Resources", service="Contact"), today=TODAY)
    got = values_of(engine)
    assert changes.new_values == 4 and got[("A1", "2018/19 Q2")] == 72 and got[("A1", "2019/20 Q1")] == 75


def test_dates_a_week_apart_are_a_weekly_series_rolled_up_by_the_measures_rule(engine):
    start = date(2019, 4, 1)          # a Monday: the first week of 2019/20
    rows = [["Week commencing", "Ref", "Indicator", "Count"]] + [
        [(start + timedelta(days=7 * i)).strftime("%d/%m/%Y"), "W1", "Calls to the contact centre", 100 + i]
        for i in range(9)]
    prepared, changes = intake.import_file(
        engine, csv_bytes(rows), "weekly.csv", today=TODAY,
        mapping=Mapping.from_dict({"defaults": {"directorate": "Resources", "service": "Contact", "rollup": "sum"}}))
    assert changes.new_values == 9 and any("weekly series" in n for n in prepared.notes)
    m = measures(engine)
    assert m.loc["W1", "frequency"] == "weekly"
    with engine.connect() as conn:
        values, targets = loaders.figures(conn, [int(m.loc["W1", "id"])])[int(m.loc["W1", "id"])]
    assert sorted(p.label for p in values)[:2] == ["2019-W14", "2019-W15"]
    rule = Rule(frequency=Frequency.WEEKLY, rollup=Rollup.SUM)
    assert value_for(rule, values, Period.parse("2019-04")) == 100 + 101 + 102 + 103     # weeks of 1, 8, 15, 22 April
    assert value_for(rule, values, Period.parse("2019-05")) == 104 + 105 + 106 + 107 + 108
    assert value_for(rule, values, Period.parse("2019/20 Q1")) == sum(range(100, 109))


@pytest.mark.parametrize("label", ["2019-W14", "Week 14 2019", "w/c 01/04/2019", "Week 1 2019/20"])
def test_iso_week_labels(engine, label):
    rows = [["Ref", "Indicator", "Period", "Value"], ["W2", "Missed bins", label, 7]]
    intake.import_file(engine, csv_bytes(rows), "w.csv", today=TODAY,
                       mapping=Mapping().merged(directorate="Place", service="Waste"))
    assert values_of(engine)[("W2", "2019-W14")] == 7 and measures(engine).loc["W2", "frequency"] == "weekly"
