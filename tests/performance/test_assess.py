"""Roll-up, target resolution, in-period and year-to-date status, direction of travel."""

import pytest

from data.performance.assess import Frequency, Kind, Rollup, Rule, assess, roll, series, target_for, value_for
from data.core.periods import Period
from data.performance.status import Direction, Polarity, Status, ToleranceType

P = Period.parse


def months(fy_start_values: dict) -> dict:
    return {P(k): v for k, v in fy_start_values.items()}


@pytest.mark.parametrize(("values", "rule", "expected"), [
    ([1, 2, 3], "sum", 6), ([1, 2, 3], "mean", 2), ([1, 2, 3], "latest", 3),
    ([1, None, 3], "sum", 4), ([1, None, 3], "mean", 2), ([1, 2, None], "latest", 2),
    ([None, None], "sum", None), ([], "mean", None), ([0.1, 0.2], "sum", 0.3),
])
def test_roll(values, rule, expected):
    result = roll(values, rule)
    assert result == pytest.approx(expected) if expected is not None else result is None


MONTHLY_SUM = Rule(Polarity.LOWER, Frequency.MONTHLY, Kind.TARGET, Rollup.SUM, 5, ToleranceType.PERCENT)
MONTHLY_MEAN = Rule(Polarity.HIGHER, Frequency.MONTHLY, Kind.TARGET, Rollup.MEAN, 2, ToleranceType.ABSOLUTE)
MONTHLY_LATEST = Rule(Polarity.HIGHER, Frequency.MONTHLY, Kind.TARGET, Rollup.LATEST, 0.5, ToleranceType.ABSOLUTE)
QUARTERLY_MEAN = Rule(Polarity.LOWER, Frequency.QUARTERLY, Kind.TARGET, Rollup.MEAN, 0.05, ToleranceType.ABSOLUTE)
ANNUAL = Rule(Polarity.HIGHER, Frequency.ANNUAL, Kind.TARGET, Rollup.LATEST, 1, ToleranceType.ABSOLUTE)


def test_monthly_values_roll_into_quarter_ytd_and_year_by_rule():
    values = {m: float(i) for i, m in enumerate(P("2019/20").months(), start=1)}  # Apr=1 ... Mar=12
    assert value_for(MONTHLY_SUM, values, P("2019/20 Q2")) == 4 + 5 + 6
    assert value_for(MONTHLY_MEAN, values, P("2019/20 Q2")) == 5
    assert value_for(MONTHLY_LATEST, values, P("2019/20 Q2")) == 6
    assert value_for(MONTHLY_SUM, values, P("2019/20")) == 78
    assert value_for(MONTHLY_LATEST, values, P("2019/20")) == 12
    a = assess(MONTHLY_SUM, values, {P("2019/20"): 120.0}, P("2019/20 Q2"))
    assert a.ytd_value == 1 + 2 + 3 + 4 + 5 + 6
    assert a.target == 30.0 and a.ytd_target == 60.0           # pro rata by months for sum
    a = assess(MONTHLY_MEAN, values, {P("2019/20"): 3.0}, P("2019/20 Q2"))
    assert a.ytd_value == 3.5 and a.target == 3.0 and a.ytd_target == 3.0   # the year's target applies


def test_stored_value_for_a_period_wins_over_its_rollup():
    values = {P("2019-07"): 1.0, P("2019-08"): 2.0, P("2019-09"): 3.0, P("2019/20 Q2"): 10.0}
    assert value_for(MONTHLY_SUM, values, P("2019/20 Q2")) == 10.0


def test_finer_period_than_frequency_has_no_rollup():
    assert value_for(QUARTERLY_MEAN, {P("2019/20 Q2"): 1.0}, P("2019-08")) is None


def test_quarterly_measures_roll_into_years():
    values = {P("2019/20 Q1"): 1.0, P("2019/20 Q2"): 2.0, P("2019/20 Q3"): 3.0, P("2019/20 Q4"): 6.0}
    assert value_for(QUARTERLY_MEAN, values, P("2019/20")) == 3.0
    assert value_for(Rule(frequency=Frequency.QUARTERLY, rollup=Rollup.SUM), values, P("2019/20")) == 12.0


@pytest.mark.parametrize(("targets", "period", "rule", "expected"), [
    ({"2019/20": 1200}, "2019/20 Q2", MONTHLY_SUM, 300),       # pro rata for sum
    ({"2019/20": 1200}, "2019-07", MONTHLY_SUM, 100),
    ({"2019/20": 1200, "2019/20 Q2": 500}, "2019-07", MONTHLY_SUM, 500 / 3),  # quarter's own, pro rata
    ({"2019/20": 95}, "2019/20 Q2", MONTHLY_MEAN, 95),          # not pro rata for mean
    ({"2019/20": 95, "2019/20 Q2": 90}, "2019/20 Q2", MONTHLY_MEAN, 90),  # own target wins
    ({"2019/20 Q1": 1, "2019/20 Q2": 2, "2019/20 Q3": 3, "2019/20 Q4": 4}, "2019/20", MONTHLY_SUM, 10),
    ({"2019/20 Q1": 1, "2019/20 Q2": 2}, "2019/20", MONTHLY_SUM, None),   # incomplete quarters: no year target
    ({}, "2019/20 Q2", MONTHLY_MEAN, None),
    ({"2018/19": 95}, "2019/20 Q2", MONTHLY_MEAN, None),        # last year's target does not carry over
])
def test_target_for(targets, period, rule, expected):
    result = target_for(rule, {P(k): v for k, v in targets.items()}, P(period))
    assert result == pytest.approx(expected) if expected is not None else result is None


def test_rent_loss_misses_quarter_but_is_on_target_year_to_date():
    values = {P("2026/27 Q1"): 0.57, P("2026/27 Q2"): 0.85}
    a = assess(QUARTERLY_MEAN, values, {P("2026/27"): 0.75}, P("2026/27 Q2"))
    assert a.value == 0.85 and a.target == 0.75 and a.status is Status.BELOW_TARGET
    assert a.ytd_value == pytest.approx(0.71) and a.ytd_target == 0.75 and a.ytd_status is Status.ON_TARGET


def test_cumulative_latest_measure_uses_profiled_quarter_targets():
    values = {P("2019-04"): 10.0, P("2019-05"): 19.5, P("2019-06"): 29.6}
    targets = {P("2019/20"): 97.0, P("2019/20 Q1"): 28.5}
    a = assess(MONTHLY_LATEST, values, targets, P("2019/20 Q1"))
    assert a.value == 29.6 and a.target == 28.5 and a.status is Status.ON_TARGET
    assert a.ytd_value == 29.6 and a.ytd_target == 28.5


def test_annual_measure_is_annual_before_year_end_and_judged_at_q4_and_year():
    values = {P("2018/19"): 70.0, P("2019/20"): 72.0}
    targets = {P("2019/20"): 73.0}
    for label in ("2019/20 Q1", "2019/20 Q3", "2019-11"):
        a = assess(ANNUAL, values, targets, P(label))
        assert a.status is Status.ANNUAL and a.ytd_status is Status.ANNUAL and a.value is None
    for label in ("2019/20 Q4", "2019/20", "2020-03"):
        a = assess(ANNUAL, values, targets, P(label))
        assert a.effective == P("2019/20")
        assert (a.value, a.target, a.status) == (72.0, 73.0, Status.WITHIN_TOLERANCE)
        assert a.direction_previous is Direction.IMPROVING and a.previous_value == 70.0


def test_quarterly_measure_in_a_month_shows_latest_complete_quarter():
    values = {P("2019/20 Q1"): 0.5, P("2019/20 Q2"): 0.9}
    assert assess(QUARTERLY_MEAN, values, {}, P("2019-09")).effective == P("2019/20 Q2")
    assert assess(QUARTERLY_MEAN, values, {}, P("2019-08")).effective == P("2019/20 Q1")


def test_data_only_and_polarity_none_are_data_only_without_direction():
    values = {P("2019/20 Q1"): 5.0, P("2019/20 Q2"): 9.0}
    for rule in (Rule(Polarity.HIGHER, Frequency.QUARTERLY, Kind.DATA_ONLY, Rollup.SUM),
                 Rule(Polarity.NONE, Frequency.QUARTERLY, Kind.TARGET, Rollup.SUM)):
        a = assess(rule, values, {P("2019/20"): 1.0}, P("2019/20 Q2"))
        assert a.status is Status.DATA_ONLY and a.ytd_status is Status.DATA_ONLY and a.value == 9.0
        assert a.direction_previous is None and a.direction_last_year is None


def test_no_data_and_no_target():
    a = assess(MONTHLY_MEAN, {}, {P("2019/20"): 90.0}, P("2019/20 Q2"))
    assert a.status is Status.NO_DATA and a.value is None
    a = assess(MONTHLY_MEAN, {P("2019-07"): 90.0}, {}, P("2019/20 Q2"))
    assert a.status is Status.NO_DATA and "no target" in a.reasons[0]


def test_direction_against_previous_quarter_and_last_year_respects_polarity():
    values = {P("2018/19 Q2"): 0.6, P("2019/20 Q1"): 0.9, P("2019/20 Q2"): 0.8}
    a = assess(QUARTERLY_MEAN, values, {}, P("2019/20 Q2"))
    assert a.direction_previous is Direction.IMPROVING      # lower is better: 0.9 -> 0.8
    assert a.direction_last_year is Direction.WORSENING     # 0.6 -> 0.8
    assert (a.previous_value, a.last_year_value) == (0.9, 0.6)


def test_series_gives_value_target_edge_status_per_period():
    values = {P("2019/20 Q1"): 0.70, P("2019/20 Q2"): 0.78, P("2019/20 Q3"): 0.9}
    rows = series(QUARTERLY_MEAN, values, {P("2019/20"): 0.75}, P("2019/20 Q1"), P("2019/20 Q4"))
    assert [r["label"] for r in rows] == ["2019/20 Q1", "2019/20 Q2", "2019/20 Q3", "2019/20 Q4"]
    assert [r["status"] for r in rows] == [Status.ON_TARGET, Status.WITHIN_TOLERANCE, Status.BELOW_TARGET,
                                           Status.NO_DATA]
    assert rows[1]["edge"] == pytest.approx(0.80)


def test_rule_of_row():
    rule = Rule.of({"polarity": "lower", "frequency": "quarterly", "kind": "data only", "rollup": "latest",
                    "tolerance": float("nan"), "tolerance_type": None})
    assert rule == Rule(Polarity.LOWER, Frequency.QUARTERLY, Kind.DATA_ONLY, Rollup.LATEST, 0.0,
                        ToleranceType.PERCENT)
    with pytest.raises(ValueError):
        Rule.of({"polarity": "sideways", "frequency": "monthly", "kind": "target", "rollup": "sum"})
