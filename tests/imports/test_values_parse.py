"""Cells as councils type them: numbers with units, no-data markers, periods and rule words."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from data.core.periods import Period, PeriodError
from data.imports.cells import financial_year, is_partial_period, parse_period_cell
from data.imports.values import parse_value
from data.imports.words import rule_word


@pytest.mark.parametrize(("cell", "expected"), [
    ("8.66%", (8.66, None)),
    ("£1,234,567", (1234567.0, None)),
    ("1,234", (1234.0, None)),
    ("44 secs", (44.0, None)),
    ("12 working days", (12.0, None)),
    ("(1,234)", (-1234.0, None)),
    ("\u22125", (-5.0, None)),                 # a typographic minus
    ("\u00a012\u00a0", (12.0, None)),          # non-breaking spaces around the number
    (3, (3.0, None)),
    (2.5, (2.5, None)),
    (None, (None, None)),
    ("", (None, None)),
    ("   ", (None, None)),
    ("-", (None, "-")),
    ("n/a", (None, "n/a")),
    ("N/A", (None, "N/A")),
    ("tbc", (None, "tbc")),
    ("TBC", (None, "TBC")),
    ("data not available", (None, "data not available")),
    ("Data not yet available", (None, "Data not yet available")),
    ("x", (None, "x")),
    ("<5", (None, "<5")),
])
def test_parse_value(cell, expected):
    assert parse_value(cell) == expected


@pytest.mark.parametrize("cell", ["12abc", "abc", "1 234", "1,23", "12.5.3", "£", "%", True, float("inf")])
def test_parse_value_refuses_text_that_is_not_a_number(cell):
    with pytest.raises(ValueError):
        parse_value(cell)


@pytest.mark.parametrize(("cell", "year", "expected"), [
    ("Q2 2019/20", None, "2019/20 Q2"),
    ("2019-20 Q2", None, "2019/20 Q2"),
    ("Jul-19", None, "2019-07"),
    ("July 2019", None, "2019-07"),
    ("Quarter 4 2023/24", None, "2023/24 Q4"),
    (datetime(2019, 7, 1), None, "2019-07"),        # an Excel date cell
    (date(2020, 1, 31), None, "2020-01"),
    (43647, None, "2019-07"),                        # an Excel date serial in a General-format cell
    ("Q2", "2019/20", "2019/20 Q2"),
    ("qtr 4", "2019/20", "2019/20 Q4"),
    ("Jul", "2019/20", "2019-07"),
    ("January", "2019/20", "2020-01"),              # Jan-Mar belong to the second calendar year
    ("Sept", "2019/20", "2019-09"),
])
def test_parse_period_cell(cell, year, expected):
    fy = Period.parse(year) if year else None
    assert parse_period_cell(cell, fy).label == expected


@pytest.mark.parametrize("cell", ["Q2", "July", "Week 3", "Q5 2019/20", "", None, "2019-21", "2018/19 - 22/23"])
def test_parse_period_cell_refuses_incomplete_or_wrong_labels(cell):
    with pytest.raises(PeriodError):
        parse_period_cell(cell)


def test_partial_periods_and_financial_years():
    assert is_partial_period("Q3") and is_partial_period("Mar") and not is_partial_period("Q3 2019/20")
    assert financial_year("2019-20").label == "2019/20"
    assert financial_year("FY 2019/20").label == "2019/20"
    assert financial_year("Sheet1") is None and financial_year("2019/20 Q1") is None


@pytest.mark.parametrize(("field", "cell", "expected"), [
    ("polarity", "High", "higher"),
    ("polarity", "Higher is better", "higher"),
    ("polarity", "Bigger is better", "higher"),
    ("polarity", "  LOWER is better ", "lower"),
    ("polarity", "Smaller is better", "lower"),
    ("polarity", "Descending", "higher"),           # LGBF Ranking_Type: aim to maximise
    ("polarity", "Ascending", "lower"),
    ("polarity", "aim to minimise", "lower"),
    ("polarity", "sideways", "sideways"),          # unrecognised: left for the template check to refuse
    ("frequency", "Q", "quarterly"),
    ("frequency", "Monthly", "monthly"),
    ("frequency", "Annually", "annual"),
    ("kind", "Data only", "data only"),
    ("kind", "for info only", "data only"),
    ("rollup", "Cumulative", "latest"),
    ("rollup", "Average", "mean"),
    ("polarity", None, None),
])
def test_rule_words(field, cell, expected):
    assert rule_word(field, cell) == expected


@pytest.mark.parametrize(("cell", "expected"), [
    ("FY2019/20", "2019/20"), ("FY 2019-20", "2019/20"), ("Q2 19/20", "2019/20 Q2"), ("19/20 Q3", "2019/20 Q3"),
    ("2019-20", "2019/20"), ("2019-W27", "2019-W27"), ("Week 27 2019", "2019-W27"), ("w/c 01/07/2019", "2019-W27"),
    ("week ending 7 July 2019", "2019-W27"), ("Week 14 2019/20", "2019-W27"),
])
def test_more_period_forms(cell, expected):
    assert parse_period_cell(cell).label == expected


@pytest.mark.parametrize("cell", [2019, "2019", "Calendar year 2019", "Jan-Dec 2019", "2019 (calendar)"])
def test_a_calendar_year_is_taken_as_one_and_said_so(cell):
    notes = []
    assert parse_period_cell(cell, notes=notes).label == "2019/20"
    assert notes == ["2019 is read as the calendar year January to December 2019 and shown against 2019/20, the "
                     "financial year in which it ends"]


@pytest.mark.parametrize(("cell", "message"), [
    ("2018/19 - 22/23", "'2018/19 - 22/23' pools several years into one figure"),
    ("2018/19 to 2022/23", "pools several years"),
    ("2012-15", "'2012-15' pools 3 years (2012/13 to 2014/15) into one figure"),
])
def test_pooled_periods_are_refused_by_name(cell, message):
    from data.imports.cells import PooledPeriod
    with pytest.raises(PooledPeriod, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_period_cell(cell)


def test_year_cells_financial_calendar_or_pooled():
    from data.imports.cells import PooledPeriod, year_cell
    assert year_cell("2010-11").fy.label == "2010/11" and year_cell(2010).calendar == 2010
    assert year_cell("FY 2019-20").fy.label == "2019/20"
    with pytest.raises(PooledPeriod, match="pools 2 years"):
        year_cell("2010-12")                           # in a Year column: LGBF's two-year aggregate
    assert parse_period_cell("2010-12").label == "2010-12"    # in a Period column: December 2010
    assert parse_period_cell("April", year_cell(2010)).label == "2010-04"
    with pytest.raises(PeriodError, match="ambiguous"):
        parse_period_cell("Q1", year_cell(2019))


def test_one_month_name_table():
    from data.core.periods import MONTH_NAMES, month_number
    assert month_number("Sept") == 9 and month_number("july") == 7 and month_number("Jul.") == 7
    assert month_number("Ju") is None and month_number("Smarch") is None and len(set(MONTH_NAMES.values())) == 12
