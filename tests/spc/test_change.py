"""Issue 10, item 4: a sustained shift or trend in the latest points makes assurance from the old limits invalid
(Making Data Count); the page says so, suggests where to rebase, and an officer accepts it with a reason."""

from __future__ import annotations

import random
from datetime import date

import pytest

from data.core import audit, loaders
from data.core.periods import Period
from data.performance.assess import Frequency, Kind, Rollup, Rule
from data.performance.status import Polarity
from data.spc import change, narrative, rebase, trend, wording
from data.spc import xmr as spc

P = Period.parse
LOWER = Rule(Polarity.LOWER, Frequency.MONTHLY, Kind.TARGET, Rollup.MEAN)


def late_shift(months: int = 84, shift_at: int = 74, before: float = 100.0, after: float = 140.0) -> dict:
    """Seven years of monthly figures, steady then up by 40 in the last ten months (lower is better)."""
    rng = random.Random(7)
    first = P("2019-10")
    return {first.shift(i): round((before if i < shift_at else after) + rng.gauss(0, 6), 1) for i in range(months)}


def chart_of(values, target=125.0, rebase_at=()):
    return trend.spc_chart(LOWER, values, {P("2026/27"): target, P("2025/26"): target}, P("2026/27 Q2"),
                           rebase_at)[1]


def test_a_shift_late_in_a_long_history_voids_the_old_limits_assurance():
    chart = chart_of(late_shift())
    # The whole-history limits straddle 125 or sit below it; either way the last ten months are above target.
    assert chart["change"]["kind"] == "shift" and chart["change"]["date"] == "2025-12-01"
    assert chart["change"]["label"] == "December 2025" and chart["change"]["better"] is False
    assert chart["assurance_icon"] == "recalculate" and chart["limits_assurance"] is not None
    words = narrative.describe(chart)
    assert "the process has changed" in words and "limits need recalculating" in words
    assert "reliably meeting" not in words and "consistently meet" not in words
    assert "recalculate the limits from December 2025" in narrative.rebase_suggestion(chart)


def test_after_the_rebase_the_new_limits_judge_the_new_process():
    chart = chart_of(late_shift(), rebase_at=[{"date": "2025-12-01", "reason": "new allocation policy"}])
    assert chart["change"] is None
    assert chart["assurance_icon"] == "consistent_fail"   # the new process sits well above 125: it will miss
    assert any("trial limits" in w for w in chart["warnings"])  # ten points: trial limits, said so


@pytest.mark.parametrize(("last", "tail", "kind"), [
    (103, [94, 96, 98, 101, 103, 105, 107], "trend"),         # seven points each higher, across the average
    (97, [131, 128, 133, 130, 129, 134, 132], "shift"),        # seven points above the average
])
def test_shift_and_trend_are_found_where_they_begin(last, tail, kind):
    values = [100, 103, 97] * 13 + [last] + tail               # 40 steady points, then the change
    dates = [date(2020 + i // 12, i % 12 + 1, 1) for i in range(len(values))]
    found = change.sustained_change(spc.xmr(values, dates, "decrease"))
    assert (found["kind"], found["index"], found["points"], found["better"]) == (kind, 40, 7, False)


def test_common_cause_variation_is_no_change():
    rng = random.Random(11)
    values = [100 + rng.gauss(0, 4) for _ in range(60)]
    dates = [date(2020 + i // 12, i % 12 + 1, 1) for i in range(60)]
    result = spc.xmr(values, dates, "increase", target=90)
    assert change.sustained_change(result) is None
    assert change.judge(result)["assurance_icon"] == result["assurance_icon"]


def test_an_assurance_the_latest_figure_contradicts_is_not_given():
    """Limits all above a higher-is-better target say "will consistently meet it"; a latest figure below the target
    (outside the limits) must not sit beside that claim."""
    values = [100 + (i % 3) for i in range(30)] + [80]
    dates = [date(2020 + i // 12, i % 12 + 1, 1) for i in range(31)]
    result = spc.xmr(values, dates, "increase", target=90)
    assert result["assurance_icon"] == "consistent_pass"
    judged = change.judge(result)
    assert judged["assurance_icon"] == "unconfirmed" and judged["limits_assurance"] == "consistent_pass"
    assert wording.ASSURANCE["unconfirmed"].long.startswith("Assurance: not valid")


def test_every_icon_has_its_words_in_the_one_table():
    assert set(wording.ASSURANCE) == {*spc.ASSURANCE_ICONS, "recalculate", "unconfirmed", None}
    assert set(wording.VARIATION) == {*spc.VARIATION_ICONS, None}
    assert set(wording.HEADLINE) == set(spc.POINT_TYPES)


def test_accepting_a_rebase_stores_the_process_change_and_audits_it(demo_copy):
    engine = demo_copy
    with engine.connect() as conn:
        measure_id = int(loaders.measures(conn, code="HOM01")["id"].iloc[0])
    with pytest.raises(rebase.RebaseRefused, match="Give the reason"):
        rebase.accept(engine, measure_id, "2023-12-01", "  ", author="olga")
    said = rebase.accept(engine, measure_id, "2023-12-01", "New temporary accommodation policy", author="olga")
    assert said.startswith("Recorded: the limits of HOM01 are recalculated from December 2023")
    with pytest.raises(rebase.RebaseRefused, match="already rebase"):
        rebase.accept(engine, measure_id, "2023-12-01", "again", author="olga")
    with engine.connect() as conn:
        assert {"date": "2023-12-01", "reason": "New temporary accommodation policy"} in \
            loaders.process_changes(conn, measure_id)
        event = audit.history(conn, measure_id).iloc[0]
    assert (event["field"], event["author"], event["period"]) == ("rebase", "olga", "2023-12")
    assert "New temporary accommodation policy" in event["new_text"]
    with pytest.raises(audit.RestoreError, match="nothing to restore"):
        audit.restore(engine, int(event["id"]))
