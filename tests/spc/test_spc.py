"""data.spc.xmr against NHSRplotthedots 0.2.2, the reference XmR implementation.

Every expectation is either worked out by hand (the arithmetic is in the comments) or copied from the
reference's own testthat tests and snapshots (cited as tests/testthat/<file> "<test name>").
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from data.spc import xmr as spc
from data.spc.xmr import xmr

CASES = json.loads((Path(__file__).parent / "spc_cases" / "reference.json").read_text())

CC = "Common Cause"
ABOVE, BELOW = "Above UCL", "Below LCL"
TREND_UP, TREND_DOWN = "7 Point Trend (Increasing)", "7 Point Trend (Decreasing)"
TWO_HI, TWO_LO = "2 in 3 Above CL", "2 in 3 Below CL"
RUN_HI, RUN_LO = "7 Points Above CL", "7 Points Below CL"
COMMON, IMPROVE, CONCERN = "common_cause", "special_cause_improvement", "special_cause_concern"
N_HIGH, N_LOW = "special_cause_neutral_high", "special_cause_neutral_low"


def months(n: int, year: int = 2023, month: int = 4) -> list[str]:
    """n ISO month starts from April 2023."""
    out = []
    for _ in range(n):
        out.append(date(year, month, 1).isoformat())
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def days(n: int) -> list[str]:
    """The reference tests' dates: as.Date("2020-01-01") + 1:n."""
    return [(date(2020, 1, 1) + timedelta(days=i)).isoformat() for i in range(1, n + 1)]


# The baseline for the rule tests. With fix_after_n=12 the limits come from these 12 points only:
# mean 10, every moving range 2, so upl = 10 + 2.66*2 = 15.32, lpl = 4.68, and the two-thirds lines
# are 10 +/- (2*2.66/3)*2 = 13.5467 / 6.4533. It ends on 9 (below the mean, after an 11) so no run
# or trend is carried into the tail unless the tail continues it.
BASE = [11, 9] * 6
UPL, LPL = 10 + 2.66 * 2, 10 - 2.66 * 2
NUPL = 10 + 2 * (2.66 / 3) * 2


def after_base(tail, **kwargs):
    """Rule labels for the baseline's last point (the 9) followed by the tail."""
    r = xmr(BASE + tail, months(12 + len(tail)), fix_after_n=12, **kwargs)
    return r["special_cause_type"][11:]


# ---- limits arithmetic


def test_limits_of_a_tiny_series_by_hand():
    # 2 4 2 4 3: mean 3; moving ranges 2 2 2 1 -> average 1.75 (all below 3.267*1.75 = 5.72, so kept)
    # upl = 3 + 2.66*1.75 = 7.655, lpl = -1.655; two-thirds lines 3 +/- 1.77333*1.75 = 6.10333 / -0.10333
    r = xmr([2, 4, 2, 4, 3], months(5))
    assert r["mean"] == pytest.approx([3] * 5)
    assert r["upl"] == pytest.approx([7.655] * 5)
    assert r["lpl"] == pytest.approx([-1.655] * 5)
    assert r["nupl"] == pytest.approx([3 + 2 * 2.66 / 3 * 1.75] * 5)
    assert r["nlpl"] == pytest.approx([3 - 2 * 2.66 / 3 * 1.75] * 5)
    assert r["point_type"] == [COMMON] * 5


@pytest.mark.parametrize("case", CASES["limits"], ids=lambda c: c["source"])
def test_limits_match_reference_snapshots(case):
    rn = CASES["rnorm_123"]
    y15 = rn[:14] + [10] + rn[15:20]  # data$y[15] <- 10
    values = {"first20": rn[:20], "first20_y15_is_10": y15, "first10": rn[:10], "second10": rn[10:20]}
    y = values[case["series"]]
    r = xmr(y, days(len(y)), **case["kwargs"])
    tol = case["tol"]
    assert r["mean"][0] == pytest.approx(case["mean"], abs=tol)
    assert r["lpl"][0] == pytest.approx(case["lpl"], abs=tol)
    assert r["upl"][0] == pytest.approx(case["upl"], abs=tol)
    if "sides" in case:  # the snapshot's relative_to_mean column
        sides = [int(np.sign(v - m)) for v, m in zip(r["value"], r["mean"])]
        assert sides[: len(case["sides"])] == case["sides"]
    if case.get("all_common_cause"):
        assert r["point_type"] == [COMMON] * len(y)


def test_screening_outliers_narrows_the_limits_as_in_the_deviations_vignette():
    # vignettes/deviations.Rmd example. Sum 35 over 18 points -> mean 35/18 (the mean is not screened).
    # Moving ranges: fifteen 1s, an 8 and a 9 -> average 32/17 = 1.882; 3.267 * 1.882 = 6.15 drops 8 and 9,
    # leaving fifteen 1s -> average 1. Unscreened, the Excel tool's way, the average stays 32/17.
    data = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    screened = xmr(data, months(18))
    excel = xmr(data, months(18), screen_outliers=False)
    mean = 35 / 18
    assert screened["mean"][0] == pytest.approx(mean) == excel["mean"][0]
    assert screened["upl"][0] == pytest.approx(mean + 2.66 * 1)
    assert screened["lpl"][0] == pytest.approx(mean - 2.66 * 1)
    assert excel["upl"][0] == pytest.approx(mean + 2.66 * 32 / 17)
    assert excel["lpl"][0] == pytest.approx(mean - 2.66 * 32 / 17)
    assert screened["special_cause_type"][4] == excel["special_cause_type"][4] == ABOVE


@pytest.mark.parametrize("jump, screen, average_mr", [
    # 0 1 0 1 0 1 0 1 0 1 then 1+b: nine ranges of 1 and one of b. b survives the screen when
    # b < 3.267 * (9 + b) / 10, i.e. b < 4.367.
    (4.3, True, (9 + 4.3) / 10),   # just under: kept
    (4.4, True, 1.0),              # just over: dropped, the other nine average 1
    (4.4, False, (9 + 4.4) / 10),  # no screening: always kept
])
def test_moving_range_screen_boundary(jump, screen, average_mr):
    y = [0, 1] * 5 + [1 + jump]
    r = xmr(y, months(11), screen_outliers=screen)
    assert (r["upl"][0] - r["mean"][0]) / 2.66 == pytest.approx(average_mr)


def test_screening_is_a_single_pass():
    # Ranges: nine 1s, a 5 and a 30 -> average 44/11 = 4; 30 >= 13.07 is dropped; the rest average
    # 14/10 = 1.4. A second pass would drop the 5 (>= 3.267*1.4 = 4.57); the reference does not.
    y = [0, 1] * 5 + [6, 36]
    r = xmr(y, months(12))
    assert (r["upl"][0] - r["mean"][0]) / 2.66 == pytest.approx(1.4)


# ---- the special-cause rules, end to end against the fixed baseline


@pytest.mark.parametrize("tail, expected", [
    # run of points on one side of the mean
    pytest.param([10.5, 11.5] * 3, [CC] * 7, id="6 above the mean: no run"),
    pytest.param([10.5, 11.5] * 3 + [10.5], [CC] + [RUN_HI] * 7, id="7 above the mean: run"),
    pytest.param([10.5, 11.5, 10.5, 10, 11.5, 10.5, 11.5], [CC] * 8, id="a point on the mean breaks the run"),
    pytest.param([9.5, 8.5] * 3 + [9.5], [RUN_LO] * 8, id="7 below (8 with the baseline's 9): run"),
    pytest.param([10] * 7, [CC] * 8, id="7 points on the mean are not a run"),
    # trend: 7 points, i.e. 6 consecutive strict steps the same way (9 -> 7 is a fall, so it starts at 7)
    pytest.param([7, 8, 9, 10, 11, 12], [CC] * 7, id="6 rising points (5 rises): no trend"),
    pytest.param([7, 8, 9, 10, 11, 12, 13], [CC] + [TREND_UP] * 7, id="7 rising points (6 rises): trend"),
    pytest.param([7, 8, 9, 9, 10, 11, 12, 13], [CC] * 9, id="an equal step breaks the trend"),
    pytest.param([13, 12, 11, 10, 9, 8, 7], [CC] + [TREND_DOWN] * 7, id="7 falling points: trend"),
    # two of three beyond the two-thirds line (13.5467 / 6.4533), same side
    pytest.param([14, 10.5, 14], [CC, TWO_HI, CC, TWO_HI], id="2 of 3 near the upper limit"),
    pytest.param([6, 9.5, 6], [CC, TWO_LO, CC, TWO_LO], id="2 of 3 near the lower limit"),
    pytest.param([14, 6, 14], [CC] * 4, id="2 of 3 near, but not all on one side"),
    pytest.param([14, 16, 10.5], [CC, CC, ABOVE, CC], id="a point beyond the limit is not near"),
    pytest.param([14, 15, 10.5], [CC, TWO_HI, TWO_HI, CC], id="just inside the limit is near"),
    pytest.param([UPL, 10.5, 14], [CC, TWO_HI, CC, TWO_HI], id="on the limit: not beyond, but near"),
    pytest.param([NUPL, 10.5, 14], [CC] * 4, id="on the two-thirds line: not near"),
    # beyond the limits (15.32 / 4.68)
    pytest.param([16], [CC, ABOVE], id="above the upper limit"),
    pytest.param([4], [CC, BELOW], id="below the lower limit"),
])
def test_rules(tail, expected):
    assert after_base(tail) == expected


@pytest.mark.parametrize("tail, expected", [
    pytest.param([7, 8, 9, 10, 11, 12, 16], [CC] + [TREND_UP] * 6 + [ABOVE], id="beyond limit beats trend"),
    # 9 then 10.5 .. 13.4 rises 7 times: an 8-point trend (the baseline's 9 included) that also holds a
    # 7-point run above the mean; the trend wins every point.
    pytest.param([10.5, 11, 11.5, 12, 12.5, 13, 13.4], [TREND_UP] * 8, id="trend beats run"),
    pytest.param([10.5, 11.5, 10.5, 11.5, 10.5, 14, 14], [CC] + [RUN_HI] * 5 + [TWO_HI] * 2,
                 id="2 of 3 beats run"),
    pytest.param([14, 16, 14], [CC, TWO_HI, ABOVE, TWO_HI], id="beyond limit beats 2 of 3"),
    # ptd_special_cause_type: a point in a trend takes the step to its right when the next point is in
    # a trend too, so the peak 13, shared by a rising and a falling trend, counts as falling.
    pytest.param([7, 8, 9, 10, 11, 12, 13, 12, 11, 10, 9, 8, 7], [CC] + [TREND_UP] * 6 + [TREND_DOWN] * 7,
                 id="peak between two trends takes the right-hand step"),
])
def test_precedence(tail, expected):
    assert after_base(tail) == expected


def test_two_in_three_on_opposite_sides_is_common_cause_end_to_end():
    # test-ptd_spc_standard.R "it only reports special cause for 2of3 points close to limits when they are
    # on the same side of the mean": 1 -1 1 -1 ... with the last two set to 5.5 and -5.5.
    y = [1, -1] * 8
    y[14], y[15] = 5.5, -5.5
    r = xmr(y, days(16))
    assert r["point_type"][-2:] == [COMMON, COMMON]


# ---- the rule functions, ported from test-ptd_calculate_point_type.R


def _rule(fn, y=None, side=None, near=None):
    n = len(next(a for a in (y, side, near) if a is not None))
    as_array = lambda a, dtype: np.zeros(n, dtype) if a is None else np.array(a, dtype)  # noqa: E731
    return list(fn(as_array(y, float), as_array(side, int), np.zeros(n, bool), as_array(near, bool)))


@pytest.mark.parametrize("side, expected", [
    ([], []),
    ([1] * 6, [0] * 6),
    ([1] * 6 + [-1], [0] * 7),
    ([0] * 7, [0] * 7),  # vp[[i]] != 0: points on the mean never make a run
    ([1] * 8 + [-1], [1] * 8 + [0]),
    ([-1] * 8 + [1], [-1] * 8 + [0]),
])
def test_run_rule_ported(side, expected):
    # ptd_seven_point_one_side_mean + ptd_part_of_seven_trend cases
    assert _rule(spc.run_one_side, side=side) == expected


@pytest.mark.parametrize("y, expected", [
    ([], []),
    ([1, 2, 3, 4, 5, 6], [0] * 6),
    ([1, 2, 3, 3, 4, 5, 6], [0] * 7),
    ([1, 2, 3, 4, 5, 6, 7], [1] * 7),
    ([2, 1, 2, 3, 4, 5, 6, 7, 3], [0] + [1] * 7 + [0]),
    ([7, 6, 5, 4, 3, 2, 1], [-1] * 7),
    ([2, 7, 6, 5, 4, 3, 2, 1, 3], [0] + [-1] * 7 + [0]),
])
def test_trend_rule_ported(y, expected):
    # ptd_seven_point_trend + ptd_part_of_seven_trend cases
    assert _rule(spc.trend, y=y) == expected


@pytest.mark.parametrize("near, side, expected", [
    ([1, 0, 1], [1, 1, 1], [1, 0, 1]),
    ([0, 1, 1], [1, 1, 1], [0, 1, 1]),
    ([1, 1, 0], [1, 1, 1], [1, 1, 0]),
    ([0, 0, 1, 0, 1, 0, 0], [1] * 7, [0, 0, 1, 0, 1, 0, 0]),
    ([0, 0, 1, 1, 0, 0, 0], [1] * 7, [0, 0, 1, 1, 0, 0, 0]),
    ([1, 0, 0, 1], [1] * 4, [0, 0, 0, 0]),
    ([1, 0, 0, 1, 1], [1] * 5, [0, 0, 0, 1, 1]),
    ([1, 0, 1], [1, -1, 1], [0, 0, 0]),  # "... when points are on opposite sides of the mean"
    ([0, 0, 1, 0, 1, 0, 0], [1, -1, 1, -1, 1, -1, 1], [0] * 7),
    ([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1], [0] * 7),
])
def test_two_in_three_rule_ported(near, side, expected):
    # ptd_two_in_three + ptd_part_of_two_in_three cases
    assert _rule(spc.two_of_three, side=side, near=near) == expected


# ---- polarity


@pytest.mark.parametrize("improvement, high, low", [
    ("increase", IMPROVE, CONCERN),
    ("decrease", CONCERN, IMPROVE),
    ("neutral", N_HIGH, N_LOW),
])
def test_polarity(improvement, high, low):
    # test-ptd_spc.R passes increase as 1 and decrease as -1; ptd_point_type orients by it
    def last_type(tail):
        r = xmr(BASE + tail, months(12 + len(tail)), fix_after_n=12, improvement=improvement)
        return r["point_type"][-1]

    assert last_type([16]) == high  # above the upper limit
    assert last_type([4]) == low  # below the lower limit
    assert last_type([13, 12, 11, 10, 9, 8, 7]) == low  # end of a falling trend
    assert last_type([10.5]) == COMMON


# ---- rebasing


def test_rebase_gives_each_segment_its_own_limits():
    # 1 3 1 3 ... (14 points, mean 2) then 11 13 ... (14 points, mean 12); all moving ranges inside a
    # segment are 2, so the limits are 2 +/- 5.32 and 12 +/- 5.32.
    y = [1, 3] * 7 + [11, 13] * 7
    when = months(28)
    r = xmr(y, when, rebase=[{"date": when[14], "reason": "new service"}])
    assert r["segment"] == [0] * 14 + [1] * 14
    assert r["mean"] == pytest.approx([2] * 14 + [12] * 14)
    assert r["upl"] == pytest.approx([7.32] * 14 + [17.32] * 14)
    assert r["lpl"] == pytest.approx([-3.32] * 14 + [6.68] * 14)
    assert r["point_type"] == [COMMON] * 28
    assert r["rebase"] == [{"date": when[14], "reason": "new service"}]
    assert r["warnings"] == []

    # Without the rebase: mean 7; the 3 -> 11 range of 8 is screened out (>= 3.267 * 60/27 = 7.26),
    # so the limits are 7 +/- 5.32 and the first point, 1, is below the lower limit (1.68).
    whole = xmr(y, when)
    assert whole["mean"][0] == pytest.approx(7)
    assert whole["special_cause_type"][0] == BELOW


def test_rules_do_not_cross_a_rebase():
    # Segment 1: 0 4 x6 then 3 3.5 3 (mean 33.5/15 = 2.23) ends with four points above its mean;
    # segment 2: 3 3.5 3 then 0 4 x5 (mean 29.5/13 = 2.27) starts with three above its mean.
    # As one series (mean 63/28 = 2.25) those seven points are a run above the mean.
    y = [0, 4] * 6 + [3, 3.5, 3] + [3, 3.5, 3] + [0, 4] * 5
    when = months(len(y))
    split = xmr(y, when, rebase=[when[15]])
    assert split["point_type"] == [COMMON] * len(y)
    whole = xmr(y, when)
    assert whole["special_cause_type"][11:18] == [RUN_HI] * 7


def test_rebase_accepts_plain_dates_and_a_single_date():
    y = [1, 3] * 7 + [11, 13] * 7
    when = months(28)
    for rebase in (when[14], [when[14]], (date(2024, 6, 1),), [datetime(2024, 6, 1, 9, 30)]):
        r = xmr(y, when, rebase=rebase)
        assert r["segment"] == [0] * 14 + [1] * 14, rebase
        assert r["rebase"] == [{"date": "2024-06-01", "reason": None}]


def test_rebase_date_not_in_the_data_is_ignored_with_a_warning():
    # ptd_add_rebase_column: rebase <- date %in% rebase dates, so only a date present in the data splits.
    y = [1, 3] * 7
    r = xmr(y, months(14), rebase=["2023-06-15"])
    assert r["segment"] == [0] * 14
    assert r["rebase"] == []
    assert len(r["warnings"]) == 1 and "2023-06-15" in r["warnings"][0]


def test_rebase_at_the_first_date_does_not_split():
    y = [1, 3] * 7
    r = xmr(y, months(14), rebase=[months(1)[0]])
    assert len(set(r["segment"])) == 1
    assert r["upl"] == pytest.approx([7.32] * 14)


# ---- fixing the baseline


def test_fix_after_n_takes_mean_and_limits_from_the_first_n_points():
    # Fixed on the 12 baseline points: mean 10, limits 4.68 / 15.32, so 20 and 0 are beyond them.
    # Not fixed: mean 160/16 = 10; ranges 2 x11, 11 (9 -> 20), 20 x3 -> average 93/15 = 6.2, none screened
    # (20 < 3.267*6.2 = 20.26), limits 10 +/- 16.49: nothing special.
    y = BASE + [20, 0, 20, 0]
    fixed = xmr(y, months(16), fix_after_n=12)
    assert fixed["upl"] == pytest.approx([UPL] * 16)
    assert fixed["lpl"] == pytest.approx([LPL] * 16)
    assert fixed["special_cause_type"][12:] == [ABOVE, BELOW, ABOVE, BELOW]
    loose = xmr(y, months(16))
    assert loose["upl"][0] == pytest.approx(10 + 2.66 * 6.2)
    assert loose["point_type"] == [COMMON] * 16


def test_fix_after_n_applies_within_each_segment():
    # ptd_spc_standard groups by rebase group before row_number(): each segment fixes on its own first 12.
    y = BASE + [20] + [31, 29] * 6 + [0]
    when = months(26)
    r = xmr(y, when, rebase=[when[13]], fix_after_n=12)
    assert r["mean"] == pytest.approx([10] * 13 + [30] * 13)
    assert r["upl"] == pytest.approx([UPL] * 13 + [30 + 5.32] * 13)
    assert r["special_cause_type"][12] == ABOVE
    assert r["special_cause_type"][25] == BELOW


def test_fix_after_n_counts_rows_including_missing_values():
    # row_number() <= n counts the missing row: the baseline is rows 1-12, of which 11 are observed.
    # Observed baseline 11 9 . 9 11 9 11 9 11 9 11 9 sums to 109 -> mean 109/11. Ranges next to the gap
    # are missing, leaving nine ranges of 2 -> average 2 (bridging the gap would add a 0 and give 1.8).
    y = [11, 9, None, 9, 11, 9, 11, 9, 11, 9, 11, 9, 30]
    r = xmr(y, months(13), fix_after_n=12)
    assert r["mean"][0] == pytest.approx(109 / 11)
    assert r["upl"][0] == pytest.approx(109 / 11 + 2.66 * 2)
    assert r["special_cause_type"][12] == ABOVE


def test_fix_after_n_longer_than_the_series_uses_every_point():
    assert xmr([2, 4, 2, 4, 3], months(5), fix_after_n=12)["upl"] == pytest.approx([7.655] * 5)


# ---- short segments


@pytest.mark.parametrize("n, warned", [(11, True), (12, True), (13, False), (20, False)])
def test_short_segment_warning(n, warned):
    # ptd_add_short_group_warnings: dplyr::n() < getOption("ptd_spc.warning_threshold", 13). Its text
    # says "n < 12" but the code's default of 13 also warns at exactly 12 points (reference issue #224).
    r = xmr(([1, 3] * 10)[:n], months(n))
    assert (len(r["warnings"]) == 1) is warned
    if warned:
        assert "2023-04-01" in r["warnings"][0] and "trial limits" in r["warnings"][0]


def test_short_segment_warning_names_the_short_segment_only():
    # test-ptd_add_short_group_warnings.R "it handles facets and rebase groups - warning on one facet"
    y = [1, 3] * 10 + [11, 13] * 2 + [1, 3] * 10
    when = months(44)
    r = xmr(y, when, rebase=[when[20], when[24]])
    assert len(r["warnings"]) == 1
    assert when[20] in r["warnings"][0] and "4 points" in r["warnings"][0]


# ---- missing values


def test_missing_values_drop_out_without_failing():
    # Observed 2 4 2 4 3 -> mean 3. A moving range needs both neighbours (the reference's
    # c(NA, abs(diff(y))) with na.rm), so only 4->2 = 2 and 4->3 = 1 survive: average 1.5, upl 3 + 3.99.
    y = [2, None, 4, 2, float("nan"), 4, 3]
    r = xmr(y, months(7))
    assert r["value"] == [2, None, 4, 2, None, 4, 3]
    assert r["point_type"] == [COMMON, None, COMMON, COMMON, None, COMMON, COMMON]
    assert r["mean"][1] is None and r["upl"][4] is None and r["special_cause_type"][1] is None
    assert r["mean"][0] == pytest.approx(3)
    assert r["upl"][0] == pytest.approx(3 + 2.66 * 1.5)
    assert r["segment"] == [0] * 7 and len(r["date"]) == 7


def test_a_missing_value_is_skipped_by_the_rules():
    # Our choice (the reference's rules are undefined on NA): the rules run over the observed points,
    # so seven observed points above the mean are a run even with a gap among them.
    r = xmr(BASE + [10.5, 11.5, 10.5, None, 11.5, 10.5, 11.5, 10.5], months(20), fix_after_n=12)
    assert r["special_cause_type"][12:] == [RUN_HI] * 3 + [None] + [RUN_HI] * 4


@pytest.mark.parametrize("values", [[], [None, None, None], [float("nan")]])
def test_nothing_observed(values):
    r = xmr(values, months(len(values)), target=5)
    assert r["point_type"] == [None] * len(values)
    assert r["mean"] == [None] * len(values)
    assert r["variation_icon"] is None and r["assurance_icon"] is None


def test_a_single_point_has_a_mean_but_no_limits():
    # mean(numeric(0)) is NaN in R: one point has no moving range, so no limits, and no rule can fire.
    r = xmr([5], ["2024-04-01"])
    assert r["mean"] == [5] and r["upl"] == [None] and r["lpl"] == [None]
    assert r["point_type"] == [COMMON]


# ---- icons


@pytest.mark.parametrize("tail, improvement, icon", [
    ([10.5], "increase", "common_cause"),
    ([16], "increase", "improvement_high"),
    ([16], "decrease", "concern_high"),
    ([16], "neutral", "neutral_high"),
    ([4], "increase", "concern_low"),
    ([4], "decrease", "improvement_low"),
    ([4], "neutral", "neutral_low"),
    ([16, 10.5], "increase", "common_cause"),  # only the latest point counts
    ([16, None], "increase", "improvement_high"),  # the latest observed point
])
def test_variation_icon(tail, improvement, icon):
    # ptd_get_icons: the icon of the point at max(x), concern/improvement placed high or low by direction
    r = xmr(BASE + tail, months(12 + len(tail)), fix_after_n=12, improvement=improvement)
    assert r["variation_icon"] == icon


@pytest.mark.parametrize("target, improvement, icon", [
    # [11, 9] * 7: mean 10, limits 4.68 / 15.32
    (20, "increase", "consistent_fail"),
    (20, "decrease", "consistent_pass"),
    (0, "increase", "consistent_pass"),
    (0, "decrease", "consistent_fail"),
    (10, "increase", "inconsistent"),
    (10, "decrease", "inconsistent"),
    (UPL, "increase", "inconsistent"),  # target > upl is strict
    (10, "neutral", None),
    (None, "increase", None),
    (float("nan"), "increase", None),
])
def test_assurance_icon(target, improvement, icon):
    r = xmr([11, 9] * 7, months(14), target=target, improvement=improvement)
    assert r["assurance_icon"] == icon


@pytest.mark.parametrize("improvement, expected", [
    ("increase", ["consistent_fail", "consistent_pass", "inconsistent"]),
    ("decrease", ["consistent_pass", "consistent_fail", "inconsistent"]),
    ("neutral", [None, None, None]),
])
def test_assurance_table_ported(improvement, expected):
    # test-ptd_calculate_assurance_type.R: lpl/upl (1, 3), (5, 7), (1, 5) against target 4
    limits = [(1, 3), (5, 7), (1, 5)]
    assert [spc.assurance_icon(4, lpl, upl, improvement) for lpl, upl in limits] == expected


def test_assurance_uses_the_latest_segment():
    # test-ptd_calculate_assurance_type.R "... when rebase": the last row's limits decide.
    # Segment 2 (31 29 ...) has limits 24.68 / 35.32, so a target of 20 is consistently passed.
    # As one series: mean 20, the 22 jump screened, limits 14.68 / 25.32: 20 is hit and miss.
    y = [11, 9] * 7 + [31, 29] * 7
    when = months(28)
    assert xmr(y, when, target=20, rebase=[when[14]])["assurance_icon"] == "consistent_pass"
    assert xmr(y, when, target=20)["assurance_icon"] == "inconsistent"


def _reference_series(name):
    rn, up, down = CASES["rnorm_123"], CASES["rnorm_123_next_12"], CASES["rnorm_123_after_that_12"]
    return {
        "first24": rn, "first12": rn[:12], "second12": rn[12:],
        "shift_up": rn[:12] + [v + 5 for v in up],  # d$y[d$f == 1] <- rnorm(12, 5)
        "shift_down": rn[:12] + [v - 5 for v in down],  # d$y[d$f == 1] <- rnorm(12, -5)
    }[name]


@pytest.mark.parametrize("case", CASES["icons"], ids=lambda c: c["source"])
def test_icons_match_reference(case):
    y = _reference_series(case["series"])
    r = xmr(y, days(len(y)), **case["kwargs"])
    assert (r["variation_icon"], r["assurance_icon"]) == (case["variation_icon"], case["assurance_icon"])


def test_icon_names_are_the_reference_names():
    # inst/icons/variation/*.svg and the assurance_type values of ptd_calculate_assurance_type
    assert set(spc.VARIATION_ICONS) == {"common_cause", "concern_high", "concern_low", "improvement_high",
                                        "improvement_low", "neutral_high", "neutral_low"}
    assert set(spc.ASSURANCE_ICONS) == {"consistent_pass", "consistent_fail", "inconsistent"}
    assert set(spc.POINT_TYPES) == {COMMON, IMPROVE, CONCERN, N_HIGH, N_LOW}


# ---- shape of the result and input handling


def test_result_keys_and_lengths():
    r = xmr([1, 2, 3], months(3))
    per_point = {"date", "value", "segment", "mean", "lpl", "upl", "nlpl", "nupl", "point_type",
                 "special_cause_type"}
    assert set(r) == per_point | {"variation_icon", "assurance_icon", "improvement", "target", "warnings",
                                  "rebase"}
    assert all(len(r[k]) == 3 for k in per_point)
    json.dumps(r)  # plain Python values, ready for a Dash store


def test_points_are_sorted_by_date():
    # ptd_spc_standard arranges by date before calculating
    r = xmr([3, 1, 2], ["2024-06-01", "2024-04-01", "2024-05-01"])
    assert r["date"] == ["2024-04-01", "2024-05-01", "2024-06-01"]
    assert r["value"] == [1, 2, 3]


def test_dates_may_be_date_objects_and_values_numeric_types():
    from decimal import Decimal

    r = xmr([Decimal("2"), np.int64(4), np.float32(2.0)], [date(2024, 4, 1), datetime(2024, 5, 1), "2024-06-01"])
    assert r["date"] == ["2024-04-01", "2024-05-01", "2024-06-01"]
    assert r["value"] == [2, 4, 2]


@pytest.mark.parametrize("kwargs, message", [
    (dict(values=[1, 2], dates=["2024-04-01"]), "differ in length"),
    (dict(improvement="up"), "improvement must be one of increase, neutral, decrease"),
    (dict(improvement=None), "improvement"),
    (dict(fix_after_n=11), "fix_after_n"),  # ptd_spc_options: fix_after_n_points >= 12
    (dict(fix_after_n=0), "fix_after_n"),
    (dict(fix_after_n=12.5), "fix_after_n"),
    (dict(fix_after_n=True), "fix_after_n"),
    (dict(fix_after_n="12"), "fix_after_n"),
    (dict(dates=["2024-04-01", "2024-05-01", "2024-04-01"]), "duplicate dates: 2024-04-01"),
    (dict(dates=["2024-04-01", "2024-13-01", "2024-06-01"]), "ISO date"),
    (dict(dates=["2024-04-01", "01/05/2024", "2024-06-01"]), "ISO date"),
    (dict(dates=["2024-04-01", None, "2024-06-01"]), "ISO date"),
    (dict(values=[1, "2", 3]), "numbers"),
    (dict(values=[1, True, 3]), "numbers"),
    (dict(values=[1, math.inf, 3]), "finite"),
    (dict(target="5"), "target"),
    (dict(target=math.inf), "target"),
    (dict(screen_outliers="yes"), "screen_outliers"),
    (dict(rebase=["2024-99-01"]), "ISO date"),
    (dict(rebase=[{"reason": "no date"}]), "ISO date"),
])
def test_bad_input(kwargs, message):
    args = dict(values=[1, 2, 3], dates=["2024-04-01", "2024-05-01", "2024-06-01"]) | kwargs
    with pytest.raises(ValueError, match=message):
        xmr(**args)


@pytest.mark.parametrize("n", [12, 12.0, np.int64(12)])
def test_fix_after_n_accepts_whole_numbers_from_12(n):
    assert xmr(BASE + [16], months(13), fix_after_n=n)["upl"][0] == pytest.approx(UPL)
