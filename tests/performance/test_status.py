"""Status, tolerance edge and direction of travel as tables."""

import pytest

from data.performance.status import Direction, Polarity, Status, direction, judge, tolerance_edge

HIGHER, LOWER, NONE = Polarity.HIGHER, Polarity.LOWER, Polarity.NONE


@pytest.mark.parametrize(("value", "target", "edge", "polarity", "expected"), [
    (90, 90, 85.5, HIGHER, Status.ON_TARGET),            # exactly on target
    (95, 90, 85.5, HIGHER, Status.ON_TARGET),
    (85.5, 90, 85.5, HIGHER, Status.WITHIN_TOLERANCE),   # exactly at the tolerance edge
    (88, 90, 85.5, HIGHER, Status.WITHIN_TOLERANCE),
    (85.49, 90, 85.5, HIGHER, Status.BELOW_TARGET),
    (0.75, 0.75, 0.80, LOWER, Status.ON_TARGET),
    (0.71, 0.75, 0.80, LOWER, Status.ON_TARGET),
    (0.80, 0.75, 0.80, LOWER, Status.WITHIN_TOLERANCE),
    (0.85, 0.75, 0.80, LOWER, Status.BELOW_TARGET),
    (0.1 + 0.2, 0.3, 0.33, LOWER, Status.ON_TARGET),      # binary floating point must not decide
    (0.1 + 0.2, 0.3, 0.27, HIGHER, Status.ON_TARGET),
    (0.3, 0.1 + 0.2, 0.27, HIGHER, Status.ON_TARGET),
    (1.1 * 3, 3.3, 3.0, HIGHER, Status.ON_TARGET),         # 3.3000000000000003
    (-5, 0, -1, HIGHER, Status.BELOW_TARGET),
    (None, 10, 11, LOWER, Status.NO_DATA),
    (5, None, None, LOWER, Status.NO_DATA),
    (float("nan"), 10, 11, LOWER, Status.NO_DATA),
    (5, 10, 11, NONE, Status.DATA_ONLY),
    (50, 90, None, HIGHER, Status.BELOW_TARGET),            # no tolerance edge given
])
def test_judge(value, target, edge, polarity, expected):
    assert judge(value, target, edge, polarity) is expected


@pytest.mark.parametrize(("target", "tolerance", "kind", "polarity", "edge"), [
    (90, 5, "percent", "higher", 85.5),
    (0.75, 0.05, "absolute", "lower", 0.80),
    (40, 20, "percent", "lower", 48),
    (100, 0, "percent", "higher", 100),
    (-10, 10, "percent", "higher", -11),
    (95, 2, "absolute", "higher", 93),
    (10, None, "absolute", "lower", 10),
])
def test_tolerance_edge(target, tolerance, kind, polarity, edge):
    assert tolerance_edge(target, tolerance, kind, polarity) == pytest.approx(edge)


def test_edge_by_percent_is_inclusive_through_floats():
    edge = tolerance_edge(0.3, 10, "percent", "higher")   # 0.27 computed in binary
    assert judge(0.27, 0.3, edge, HIGHER) is Status.WITHIN_TOLERANCE


@pytest.mark.parametrize(("current", "previous", "polarity", "expected"), [
    (10, 8, HIGHER, Direction.IMPROVING),
    (8, 10, HIGHER, Direction.WORSENING),
    (8, 10, LOWER, Direction.IMPROVING),
    (10, 8, LOWER, Direction.WORSENING),
    (0.1 + 0.2, 0.3, LOWER, Direction.NO_CHANGE),
    (5, 5, HIGHER, Direction.NO_CHANGE),
    (5, None, HIGHER, None),
    (None, 5, HIGHER, None),
    (5, 4, NONE, None),
])
def test_direction(current, previous, polarity, expected):
    assert direction(current, previous, polarity) is expected


def test_every_status_has_words_and_icon():
    for s in Status:
        assert s.label and s.icon and s.label != s.value
