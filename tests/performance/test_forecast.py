"""Year-end forecast: tables of hand-computed projections."""

import pytest

from data.performance.assess import Frequency, Kind, Rollup, Rule
from data.performance.forecast import Forecast, profile_ratios, sentence, year_end
from data.core.periods import Period
from data.performance.status import Polarity, Status, ToleranceType

SUM = Rule(Polarity.HIGHER, Frequency.MONTHLY, Kind.TARGET, Rollup.SUM, 5, ToleranceType.PERCENT)
MEAN = Rule(Polarity.LOWER, Frequency.MONTHLY, Kind.TARGET, Rollup.MEAN, 0.05, ToleranceType.ABSOLUTE)
LATEST = Rule(Polarity.HIGHER, Frequency.MONTHLY, Kind.TARGET, Rollup.LATEST, 0.5, ToleranceType.ABSOLUTE)
QUARTERLY_MEAN = Rule(Polarity.LOWER, Frequency.QUARTERLY, Kind.TARGET, Rollup.MEAN, 0.05, ToleranceType.ABSOLUTE)
SEP_2026 = Period.month(2026, 9)


def year_of(fy, monthly):
    """{month: value} for a financial year from a list of 12 (Apr..Mar) values, None for a gap."""
    return {m: v for m, v in zip(Period.year(fy).months(), monthly) if v is not None}


def half_year(first_half, second_half):
    return [first_half] * 6 + [second_half] * 6


# 2024/25 finishes at 2x its Sep YTD (120 / 60), 2025/26 at 3x (180 / 60); this year has 30 by Sep.
SUM_VALUES = {**year_of(2024, half_year(10, 10)), **year_of(2025, half_year(10, 20)),
              **year_of(2026, [5] * 6 + [None] * 6)}
# Mean: 2025/26 averages 0.6 Apr-Sep and 0.9 for the year (0.6 then 1.2); this year 0.5 so far.
MEAN_VALUES = {**year_of(2025, half_year(0.6, 1.2)), **year_of(2026, [0.5] * 6 + [None] * 6)}
# Cumulative % collected: last year 48 at Sep and 96 at Mar; this year 49 at Sep.
LATEST_VALUES = {**year_of(2025, [8 * i for i in range(1, 13)]), **year_of(2026, [8, 16, 24, 32, 40, 49] + [None] * 6)}


@pytest.mark.parametrize(("rule", "values", "target", "expected", "status", "method", "years"), [
    (SUM, SUM_VALUES, 78, 75.0, Status.WITHIN_TOLERANCE, "profile", 2),   # 30 x mean(2, 3); edge 74.1
    (SUM, SUM_VALUES, 70, 75.0, Status.ON_TARGET, "profile", 2),
    (SUM, SUM_VALUES, 100, 75.0, Status.BELOW_TARGET, "profile", 2),
    (MEAN, MEAN_VALUES, 0.75, 0.75, Status.ON_TARGET, "profile", 1),         # 0.5 x 0.9/0.6
    (LATEST, LATEST_VALUES, 98.5, 98.0, Status.WITHIN_TOLERANCE, "profile", 1),  # 49 x 96/48
])
def test_profile_projection(rule, values, target, expected, status, method, years):
    result = year_end(rule, values, {Period.year(2026): target}, SEP_2026)
    assert result.value == pytest.approx(expected)
    assert (result.target, result.status, result.method, result.years) == (target, status, method, years)


@pytest.mark.parametrize(("rule", "expected"), [
    (SUM, 60.0),   # 30 over 6 months, pro rata to 12
    (MEAN, 5.0),   # the year-to-date mean carried forward
])
def test_without_earlier_years_falls_back_to_pro_rata(rule, expected):
    values = year_of(2026, [5] * 6 + [None] * 6)
    result = year_end(rule, values, {Period.year(2026): 50}, SEP_2026)
    assert (result.value, result.method, result.years) == (pytest.approx(expected), "pro rata", 0)


def test_latest_without_earlier_years_cannot_be_projected():
    assert year_end(LATEST, year_of(2026, [8] * 6 + [None] * 6), {Period.year(2026): 98}, SEP_2026) is None


def test_incomplete_earlier_year_is_not_learned_from():
    values = {**SUM_VALUES, Period.month(2024, 12): None}
    values = {p: v for p, v in values.items() if v is not None}
    assert profile_ratios(SUM, values, {}, SEP_2026) == [3.0]


def test_at_year_end_the_outturn_is_the_actual():
    result = year_end(SUM, SUM_VALUES, {Period.year(2025): 150}, Period.quarter(2025, 4))
    assert (result.value, result.method, result.status) == (180.0, "actual", Status.ON_TARGET)


def test_quarterly_measure_uses_quarters():
    values = {Period.quarter(2025, 1): 0.6, Period.quarter(2025, 2): 0.6, Period.quarter(2025, 3): 1.2,
              Period.quarter(2025, 4): 1.2, Period.quarter(2026, 1): 0.5, Period.quarter(2026, 2): 0.5}
    result = year_end(QUARTERLY_MEAN, values, {Period.year(2026): 0.7}, Period.quarter(2026, 2))
    assert result.value == pytest.approx(0.75)
    assert result.status is Status.WITHIN_TOLERANCE  # 0.75 is at the edge 0.7 + 0.05


@pytest.mark.parametrize("rule", [
    Rule(Polarity.NONE, Frequency.MONTHLY, Kind.DATA_ONLY, Rollup.SUM),
    Rule(Polarity.HIGHER, Frequency.ANNUAL, Kind.TARGET, Rollup.SUM),
])
def test_no_forecast_for_data_only_or_annual_measures(rule):
    assert year_end(rule, SUM_VALUES, {}, SEP_2026) is None


def test_no_target_gives_no_data_status():
    result = year_end(SUM, SUM_VALUES, {}, SEP_2026)
    assert result.status is Status.NO_DATA and result.target is None


@pytest.mark.parametrize(("forecast", "expected"), [
    (Forecast(0.781, 0.75, Status.BELOW_TARGET, "profile", 3), "Projected 0.78% at year end, target 0.75%."),
    (Forecast(0.70, 0.75, Status.ON_TARGET, "actual"), "Outturn 0.70% at year end, target 0.75%."),
    (Forecast(0.70, None, Status.NO_DATA, "profile", 1), "Projected 0.70% at year end, no year-end target set."),
    (None, "No year-end forecast: not enough figures yet."),
])
def test_sentence(forecast, expected):
    assert sentence(forecast, "%", 2) == expected
