"""Financial-year calendar: labels, parsing, arithmetic."""

from datetime import date

import pytest

from data.core.periods import MONTH, QUARTER, YEAR, Period, PeriodError, financial_year_of, parse_period


@pytest.mark.parametrize(("label", "kind", "fy", "index", "canonical"), [
    ("2019/20", YEAR, 2019, 0, "2019/20"),
    ("2019-20", YEAR, 2019, 0, "2019/20"),
    ("2019-2020", YEAR, 2019, 0, "2019/20"),
    ("1999/00", YEAR, 1999, 0, "1999/00"),
    ("07/08", YEAR, 2007, 0, "2007/08"),
    ("2019/20 Q2", QUARTER, 2019, 2, "2019/20 Q2"),
    ("Q2 2019/20", QUARTER, 2019, 2, "2019/20 Q2"),
    ("2019-20 Q2", QUARTER, 2019, 2, "2019/20 Q2"),
    ("2023/24 Quarter 1", QUARTER, 2023, 1, "2023/24 Q1"),
    ("Quarter 4 2023/24", QUARTER, 2023, 4, "2023/24 Q4"),
    ("Q1 2023-2024", QUARTER, 2023, 1, "2023/24 Q1"),
    ("2019-07", MONTH, 2019, 4, "2019-07"),
    ("2020-03", MONTH, 2019, 12, "2020-03"),
    ("2019-04", MONTH, 2019, 1, "2019-04"),
    ("Jul-19", MONTH, 2019, 4, "2019-07"),
    ("July 2019", MONTH, 2019, 4, "2019-07"),
    ("november 2020", MONTH, 2020, 8, "2020-11"),
    ("  2019/20   q3 ", QUARTER, 2019, 3, "2019/20 Q3"),
])
def test_parse(label, kind, fy, index, canonical):
    p = parse_period(label)
    assert (p.kind, p.fy, p.index, p.label) == (kind, fy, index, canonical)
    assert parse_period(p.label) == p  # labels round-trip


@pytest.mark.parametrize("label", ["2019/21", "2019/20 Q5", "Q0 2019/20", "2019-13", "Smarch 2019", "", "2019",
                                   "<script>", None, 3.5])
def test_parse_rejects(label):
    with pytest.raises(PeriodError):
        parse_period(label)


def test_parse_date_and_period():
    assert parse_period(date(2020, 1, 15)).label == "2020-01"
    p = Period.quarter(2019, 2)
    assert parse_period(p) is p


@pytest.mark.parametrize(("d", "fy"), [(date(2025, 3, 31), 2024), (date(2025, 4, 1), 2025), (date(2019, 12, 31), 2019)])
def test_financial_year_of(d, fy):
    assert financial_year_of(d) == fy


@pytest.mark.parametrize(("month", "quarter"), [
    ((2019, 4), "2019/20 Q1"), ((2019, 6), "2019/20 Q1"), ((2019, 7), "2019/20 Q2"), ((2019, 9), "2019/20 Q2"),
    ((2019, 10), "2019/20 Q3"), ((2019, 12), "2019/20 Q3"), ((2020, 1), "2019/20 Q4"), ((2020, 3), "2019/20 Q4"),
])
def test_month_to_quarter_and_year(month, quarter):
    m = Period.month(*month)
    assert m.widen(QUARTER).label == quarter
    assert m.widen(YEAR).label == "2019/20"


def test_quarter_spans():
    q2 = Period.parse("2019/20 Q2")
    assert [m.label for m in q2.months()] == ["2019-07", "2019-08", "2019-09"]
    assert (q2.start, q2.end) == (date(2019, 7, 1), date(2019, 9, 30))
    q4 = Period.parse("2019/20 Q4")
    assert (q4.start, q4.end) == (date(2020, 1, 1), date(2020, 3, 31))
    year = Period.parse("2019/20")
    assert (year.start, year.end) == (date(2019, 4, 1), date(2020, 3, 31))
    assert len(year.months()) == 12 and [q.label for q in year.quarters()][-1] == "2019/20 Q4"
    assert Period.parse("2020-02").end == date(2020, 2, 29)  # leap year


@pytest.mark.parametrize(("label", "previous", "last_year"), [
    ("2019/20 Q2", "2019/20 Q1", "2018/19 Q2"),
    ("2019/20 Q1", "2018/19 Q4", "2018/19 Q1"),
    ("2019-04", "2019-03", "2018-04"),
    ("2020-01", "2019-12", "2019-01"),
    ("2019/20", "2018/19", "2018/19"),
])
def test_previous_and_same_period_last_year(label, previous, last_year):
    p = Period.parse(label)
    assert p.previous().label == previous
    assert p.same_period_last_year().label == last_year


def test_shift_round_trip():
    p = Period.parse("2019-07")
    assert p.shift(12).label == "2020-07" and p.shift(-4).label == "2019-03" and p.shift(0) == p
    assert Period.parse("2019/20 Q4").shift(1).label == "2020/21 Q1"


def test_ytd_span():
    assert [p.label for p in Period.parse("2019/20 Q3").ytd_span()] == ["2019/20 Q1", "2019/20 Q2", "2019/20 Q3"]
    assert [p.label for p in Period.parse("2019-05").ytd_span()] == ["2019-04", "2019-05"]
    assert [m.label for m in Period.parse("2019/20 Q2").ytd_months()] == [
        "2019-04", "2019-05", "2019-06", "2019-07", "2019-08", "2019-09"]
    assert Period.parse("2019/20").ytd_span() == [Period.parse("2019/20")]


def test_names_and_ordering():
    assert Period.parse("2019/20 Q2").name == "2019/20 Q2 (Jul-Sep)"
    assert Period.parse("2019-07").name == "July 2019"
    labels = ["2019/20 Q2", "2019/20", "2019-05", "2018/19 Q4"]
    assert [p.label for p in sorted(map(Period.parse, labels))] == ["2018/19 Q4", "2019/20", "2019-05", "2019/20 Q2"]


def test_year_end():
    assert Period.parse("2019/20 Q4").is_year_end() and Period.parse("2019/20").is_year_end()
    assert Period.parse("2020-03").is_year_end()
    assert not Period.parse("2019/20 Q3").is_year_end() and not Period.parse("2020-02").is_year_end()


def test_invalid_construction():
    with pytest.raises(PeriodError):
        Period(QUARTER, 2019, 5)
    with pytest.raises(PeriodError):
        Period.month(2019, 13)
    with pytest.raises(PeriodError):
        Period.parse("2019/20").widen(MONTH)


@pytest.mark.parametrize(("label", "canonical"), [
    ("FY2019/20", "2019/20"), ("FY 2019-20", "2019/20"), ("financial year 2019/20", "2019/20"), ("FY19/20", "2019/20"),
    ("Q2 19/20", "2019/20 Q2"), ("19/20 Q2", "2019/20 Q2"), ("Qtr 3 2019/20", "2019/20 Q3"),
    ("2019-W27", "2019-W27"), ("2019W27", "2019-W27"), ("W27 2019", "2019-W27"), ("Week 27 2019", "2019-W27"),
    ("Week 14 2019/20", "2019-W27"), ("w/c 01/07/2019", "2019-W27"), ("week ending 7 July 2019", "2019-W27"),
    ("01/07/2019", "2019-07"), ("07/2019", "2019-07"),
])
def test_more_forms(label, canonical):
    assert parse_period(label).label == canonical


def test_weeks_belong_to_the_month_of_their_thursday():
    from data.core.periods import WEEK, weeks_in_year
    w = Period.week_of(date(2019, 7, 3))
    assert (w.kind, w.label, w.start, w.end) == (WEEK, "2019-W27", date(2019, 7, 1), date(2019, 7, 7))
    straddling = Period.parse("2019-W44")                     # Mon 28 Oct - Sun 3 Nov, Thursday 31 October
    assert straddling.widen(MONTH).label == "2019-10" and straddling.widen(QUARTER).label == "2019/20 Q3"
    assert [x.label for x in Period.parse("2019-10").weeks()] == ["2019-W40", "2019-W41", "2019-W42", "2019-W43",
                                                                  "2019-W44"]
    for fy in range(2000, 2040):                              # every week in exactly one year, numbered from 1
        weeks = Period.year(fy).weeks()
        assert [x.index for x in weeks] == list(range(1, weeks_in_year(fy) + 1))
        assert sum(len(m.weeks()) for m in Period.year(fy).months()) == len(weeks)
        assert all(parse_period(x.label) == x and x.shift(1).previous() == x for x in weeks)
    assert Period.year(2019).weeks()[-1].is_year_end() and Period.parse("2019-W27").same_period_last_year().fy == 2018
    with pytest.raises(PeriodError):
        parse_period("2019-W54")
