"""Which period a page opens on (issue 10, items 1 and 2): the latest quarter that has ended, never one in
progress; a year under way offered and judged to date. Pure tables with the clock passed in."""

from datetime import date

import pytest

from data.core.periods import Period
from data.reporting import choice

P = Period.parse
# What the demo council holds once one October 2026 figure is approved: 2026/27 Q3 has begun.
WITH_OCTOBER = [P("2026/27 Q3"), P("2026/27 Q2"), P("2026/27 Q1"), P("2026/27"), P("2025/26 Q4"), P("2025/26")]


@pytest.mark.parametrize(("available", "today", "expected"), [
    (WITH_OCTOBER, date(2026, 12, 1), "2026/27 Q2"),              # Q3 is in progress: not the default
    (WITH_OCTOBER, date(2027, 1, 1), "2026/27 Q3"),               # Q3 ended on 31 December
    (WITH_OCTOBER[1:], date(2026, 9, 30), "2026/27 Q1"),          # Q2's last day: not yet ended
    (WITH_OCTOBER[1:], date(2026, 10, 1), "2026/27 Q2"),
    ([P("2023/24"), P("2022/23")], date(2026, 12, 1), "2023/24"),  # annual figures only: the latest ended year
    ([P("2026/27 Q3"), P("2026/27")], date(2026, 12, 1), "2026/27 Q3"),  # nothing has ended: the quarter so far
    ([], date(2026, 12, 1), None),
])
def test_default_period_is_the_latest_quarter_that_has_ended(available, today, expected):
    found = choice.default_period(available, today)
    assert (found.label if found else None) == expected


def test_the_default_says_a_later_quarter_is_in_progress_and_the_user_may_choose_it():
    today = date(2026, 12, 1)
    default = choice.choose(None, WITH_OCTOBER, today)
    assert (default.label, default.name, default.later) == ("2026/27 Q2", "2026/27 Q2 (Jul-Sep)", (P("2026/27 Q3"),))
    partial = choice.choose("2026/27 Q3", WITH_OCTOBER, today)
    assert (partial.label, partial.in_progress, partial.name) == ("2026/27 Q3", True, "2026/27 Q3 (Oct-Dec) so far")
    assert partial.later == ()
    offered = {o["value"]: o["label"] for o in choice.options(WITH_OCTOBER, today)}
    assert offered["2026/27 Q3"] == "2026/27 Q3 (Oct-Dec) so far"


def test_a_year_under_way_is_offered_to_date_never_as_a_full_year():
    today = date(2026, 12, 1)
    offered = {o["value"]: o["label"] for o in choice.options(WITH_OCTOBER, today)}
    assert offered["2026/27"] == "2026/27 to date (Apr-Sep)"
    assert offered["2025/26"] == "2025/26 (full year)"
    year = choice.choose("2026/27", WITH_OCTOBER, today)
    assert (year.period, year.through, year.judged) == (P("2026/27"), P("2026/27 Q2"), P("2026/27 Q2"))


def test_a_year_with_no_ended_quarter_is_not_offered():
    available = [P("2026/27 Q1"), P("2026/27"), P("2025/26 Q4"), P("2025/26")]
    today = date(2026, 5, 20)
    assert "2026/27" not in {o["value"] for o in choice.options(available, today)}
    assert choice.choose("2026/27", available, today).label == "2025/26 Q4"
    with pytest.raises(ValueError, match="2026/27 is under way"):
        choice.of(P("2026/27"), available, today)


@pytest.mark.parametrize("label", ["2026/27 Q1", "1999/00 Q1", "not a period", None, ""])
def test_a_period_asked_for_is_shown_when_it_holds_figures_else_the_default(label):
    chosen = choice.choose(label, WITH_OCTOBER, date(2026, 12, 1))
    assert chosen.label == ("2026/27 Q1" if label == "2026/27 Q1" else "2026/27 Q2")
