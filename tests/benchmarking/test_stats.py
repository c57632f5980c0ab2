"""The statistics against values computed another way: numpy's and the standard library's quantiles, ranks by
counting, and properties that hold for any figures (hypothesis)."""

from __future__ import annotations

import statistics

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data.benchmarking import stats

figures = st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda x: round(x, 3)),
                   min_size=2, max_size=40)


@pytest.mark.parametrize(("values", "expected"), [
    ([1, 2, 3, 4], (1.75, 2.5, 3.25)),            # type 7 by hand: positions 1.75, 2.5, 3.25
    ([7, 15, 36, 39, 40, 41], (20.25, 37.5, 39.75)),
    ([5], (5, 5, 5)),
    ([3, 1], (1.5, 2, 2.5)),
])
def test_quartiles_by_hand(values, expected):
    assert stats.quartiles(values) == pytest.approx(expected)


@settings(max_examples=200, deadline=None)
@given(figures)
def test_quartiles_are_numpys_linear_method(values):
    assert stats.quartiles(values) == pytest.approx(tuple(np.percentile(values, [25, 50, 75], method="linear")),
                                                   rel=1e-9, abs=1e-6)


@pytest.mark.parametrize(("values", "polarity", "expected"), [
    ({"a": 10, "b": 20, "c": 20, "d": 30}, "higher", {"d": 1, "b": 2, "c": 2, "a": 4}),
    ({"a": 10, "b": 20, "c": 20, "d": 30}, "lower", {"a": 1, "b": 2, "c": 2, "d": 4}),
    ({"a": 0.1 + 0.2, "b": 0.3, "c": 0.1}, "lower", {"c": 1, "a": 2, "b": 2}),   # binary floating point ties
    ({"a": 5, "b": 1}, "none", {"b": 1, "a": 2}),
])
def test_ranks_share_the_best_rank_of_a_tie(values, polarity, expected):
    assert stats.ranks(values, polarity) == expected


@settings(max_examples=200, deadline=None)
@given(figures, st.sampled_from(["higher", "lower"]))
def test_rank_is_one_plus_the_number_strictly_better(values, polarity):
    keyed = {i: v for i, v in enumerate(values)}
    ranked = stats.ranks(keyed, polarity)
    for i, v in keyed.items():
        better = sum(1 for w in values if (w > v if polarity == "higher" else w < v) and not np.isclose(w, v, rtol=1e-9, atol=1e-12))
        assert ranked[i] == better + 1


@pytest.mark.parametrize(("value", "polarity", "expected"), [
    (40, "higher", 1), (30, "higher", 1), (25, "higher", 2), (20, "higher", 2), (15, "higher", 3), (5, "higher", 4),
    (5, "lower", 1), (10, "lower", 1), (15, "lower", 2), (20, "lower", 2), (25, "lower", 3), (35, "lower", 4),
    (5, "none", 1), (35, "none", 4),
])
def test_quartile_of_a_value_on_the_cut_points_goes_to_the_better_side(value, polarity, expected):
    assert stats.quartile_of(value, (10, 20, 30), polarity) == expected


@settings(max_examples=200, deadline=None)
@given(figures, st.sampled_from(["higher", "lower"]))
def test_best_ranked_is_in_the_best_quartile_and_worst_in_the_bottom_or_tied(values, polarity):
    keyed = {i: v for i, v in enumerate(values)}
    cuts = stats.quartiles(values)
    ranked = stats.ranks(keyed, polarity)
    best = min(ranked, key=ranked.get)
    assert stats.quartile_of(keyed[best], cuts, polarity) == 1
    quartiles = [stats.quartile_of(v, cuts, polarity) for v in values]
    assert quartiles.count(1) >= len(values) / 4          # a quarter at least is in the best quartile
    order = sorted(keyed, key=ranked.get)                 # a better rank is never in a worse quartile
    assert [stats.quartile_of(keyed[k], cuts, polarity) for k in order] == sorted(
        stats.quartile_of(keyed[k], cuts, polarity) for k in order)


@pytest.mark.parametrize(("lower", "upper", "average", "polarity", "expected"), [
    (11, 13, 10, "higher", "better"), (11, 13, 10, "lower", "worse"),
    (7, 9, 10, "higher", "worse"), (7, 9, 10, "lower", "better"),
    (9, 11, 10, "higher", "similar"), (10, 12, 10, "higher", "similar"),   # touching the average is similar
    (11, 13, 10, "none", "higher"), (None, None, 10, "higher", None),
])
def test_significance_against_the_group_average(lower, upper, average, polarity, expected):
    assert stats.significance(lower, upper, average, polarity) == expected


def test_position_leaves_out_missing_areas_and_counts_them():
    figures = {"us": (12.0, 11.0, 13.0), "a": 10.0, "b": 14.0, "c": None, "d": 9.0}
    pos = stats.position(figures, "us", ["a", "b", "c", "d", "e"], "lower", "2023/24")
    assert (pos.of, pos.rank, pos.missing) == (4, 3, ("c", "e"))
    assert (pos.q1, pos.median, pos.q3) == pytest.approx(tuple(statistics.quantiles([12, 10, 14, 9], n=4,
                                                                                    method="inclusive")))
    assert pos.mean == pytest.approx(11.25) and pos.significance == "similar" and pos.quartile_words == "third"
    assert stats.position({"a": 1.0}, "us", ["a"], "lower", "2023/24") is None
