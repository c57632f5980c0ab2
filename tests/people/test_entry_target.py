"""Issue 10, item 5: the entry form's Target column looks up the month, then its quarter, then its year, as every
other page does (it showed "–" for targets set per quarter or year); a percentage's usual range stops at 100."""

from __future__ import annotations

from datetime import date

import pytest

from data.imports import intake
from data.people import entry
from data.core.periods import Period
from tests.imports.test_layouts_import import csv_bytes

TODAY = date(2026, 11, 22)


@pytest.fixture
def targets_by_year_and_quarter(engine):
    """Two monthly measures: one with a year's target only, one (a sum) with quarterly targets; a quarterly one
    with a year's target."""
    rows = [["Ref", "Title", "Directorate", "Service", "Polarity", "Frequency", "Rollup", "Unit", "Kind", "Period",
             "Value", "Target"]]
    months = [Period.parse("2025-10").shift(i) for i in range(11)]
    rows += [["Y1", "Homes meeting the standard", "Place", "Waste", "higher", "monthly", "mean", "%", "target", m.label,
              99.5 + (i % 2) * 0.4, ""] for i, m in enumerate(months)]
    rows += [["Y1", "Homes meeting the standard", "Place", "Waste", "higher", "monthly", "mean", "%", "target", "2026/27", "",
              97]]
    rows += [["S1", "Bins collected", "Place", "Waste", "higher", "monthly", "sum", "count", "target", "2026/27 Q2", "", 900]]
    rows += [["S1", "Bins collected", "Place", "Waste", "higher", "monthly", "sum", "count", "target", "2026-08", 310, ""]]
    rows += [["Q1", "Satisfaction", "Place", "Waste", "higher", "quarterly", "mean", "%", "target", "2026/27", "", 85]]
    rows += [["Q1", "Satisfaction", "Place", "Waste", "higher", "quarterly", "mean", "%", "target", "2025/26 Q2", 80, ""]]
    intake.import_file(engine, csv_bytes(rows), "returns.csv", today=TODAY)
    with engine.begin() as conn:   # the rows with a blank value were only there to carry a target
        conn.exec_driver_sql("DELETE FROM observation WHERE value IS NULL")
    return engine


def test_target_column_falls_back_to_the_quarter_and_the_year(targets_by_year_and_quarter):
    with targets_by_year_and_quarter.connect() as conn:
        rows = entry.form(conn, "waste", Period.parse("2026-09")).set_index("code")
    assert rows.loc["Y1", "target"] == 97            # the year's target
    assert rows.loc["S1", "target"] == 300           # a third of the quarter's 900, as a sum rolls up
    assert rows.loc["Q1", "target"] == 85            # the quarterly return judged against the year's target


def test_a_percentage_that_never_passed_100_has_no_usual_range_past_100(targets_by_year_and_quarter):
    history = [99.5, 99.9, 99.5, 99.9, 99.5, 99.9]
    assert entry.usual_range(history)[1] > 100
    assert entry.usual_range(history, "%")[1] == 100
    assert entry.usual_range([98, 104, 99, 103], "%")[1] > 104   # a rate that does pass 100 keeps its range
    with targets_by_year_and_quarter.connect() as conn:
        high = entry.form(conn, "waste", Period.parse("2026-09")).set_index("code").loc["Y1", "high"]
    assert high == 100
