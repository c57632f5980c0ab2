"""Plain-English sentences from SPC results: tables of hand-built results, and one real chart."""

from datetime import date

import pytest

from data.spc import xmr as spc
from data.spc.narrative import describe

CC, IMP, CON = spc.COMMON_CAUSE, spc.IMPROVEMENT_TYPE, spc.CONCERN_TYPE


def result(values, labels, types, mean=10.0, segment=None, target=None, assurance=None):
    n = len(values)
    return {"value": values, "mean": [mean] * n, "special_cause_type": labels, "point_type": types,
            "segment": segment or [0] * n, "target": target, "assurance_icon": assurance}


COMMON = result([9.0, 11.0, 10.0], ["Common Cause"] * 3, [CC] * 3)
RUN_ABOVE = result([9.0] + [12.0] * 8, ["Common Cause"] + ["7 Points Above CL"] * 8, [CC] + [IMP] * 8,
                   target=95.0, assurance="inconsistent")
BEYOND = result([10.0, 10.0, 25.5], ["Common Cause", "Common Cause", "Above UCL"], [CC, CC, CON])
TREND_DOWN = result([16.0, 15.0, 14.0, 13.0, 12.0, 11.0, 10.0, 9.0],
                    ["Common Cause"] + ["7 Point Trend (Decreasing)"] * 7, [CC] + [IMP] * 7)
TWO_OF_THREE = result([10.0, 14.0, 10.5, 14.2], ["Common Cause", "2 in 3 Above CL", "Common Cause", "2 in 3 Above CL"],
                      [CC, CON, CC, CON])
# A rebase restarts the count: only the 3 points of the new segment are in the run.
REBASED = result([12.0] * 9, ["7 Points Above CL"] * 9, [IMP] * 9, segment=[0] * 6 + [1] * 3)
WITH_GAP = result([9.0, 12.0, None, 12.0], ["Common Cause", "7 Points Above CL", None, "7 Points Above CL"],
                  [CC, IMP, None, IMP])


@pytest.mark.parametrize(("spc_result", "kwargs", "expected"), [
    (COMMON, {}, "No significant change: the figures vary around an average of 10."),
    (RUN_ABOVE, {"unit": "%"}, "Improving: a run of 8 months above the average; "
                               "not yet reliably meeting the 95% target."),
    (BEYOND, {"unit": "%", "decimals": 1}, "Deteriorating: the latest figure, 25.5%, is above the upper process limit."),
    (TREND_DOWN, {"period": "quarter"}, "Improving: a run of 7 quarters each lower than the last."),
    (TWO_OF_THREE, {}, "Deteriorating: two of the last three months are close to the upper process limit."),
    (REBASED, {}, "Improving: a run of 3 months above the average."),
    (WITH_GAP, {}, "Improving: a run of 2 months above the average."),
    ({**COMMON, "target": 12.0, "assurance_icon": "consistent_fail"}, {},
     "No significant change: the figures vary around an average of 10; "
     "will not meet the 12 target unless the process changes."),
    ({**COMMON, "target": 8.0, "assurance_icon": "consistent_pass"}, {},
     "No significant change: the figures vary around an average of 10; reliably meeting the 8 target."),
    (result([5.0], ["Common Cause"], [CC]), {}, "Too few figures for a statistical view (1 so far)."),
])
def test_describe(spc_result, kwargs, expected):
    assert describe(spc_result, **kwargs) == expected


def test_describe_a_real_chart():
    """Twelve stable months around 10 fix the limits at 10 +/- 2.66 x 15/11 (6.37 to 13.63); then eight at 15."""
    values = [9, 11, 10, 9, 11, 10, 9, 11, 10, 9, 11, 10] + [15] * 8
    dates = [date(2024 + (3 + i) // 12, (3 + i) % 12 + 1, 1) for i in range(len(values))]
    chart = spc.xmr(values, dates, improvement="decrease", target=10.5, fix_after_n=12)
    assert describe(chart, decimals=1) == ("Deteriorating: the latest figure, 15.0, is above the upper process "
                                           "limit; not yet reliably meeting the 10.5 target.")
