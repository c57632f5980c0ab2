"""A directorate's cards draw each measure's recent series from `evaluation.recent`: the same series as worked out
from the figures (trends.sparklines), computed for every measure once per change of data, period and viewer scope,
and new after a write; the viewer's scope is worked out once per connection."""

from __future__ import annotations

from sqlalchemy import select, update

from data.core import version
from data.core.models import Observation as Value
from data.people import access
from data.reporting import evaluation, trends
from tests.core import test_cache
from tests.people.test_read_scope import MEMBER

no_redis = test_cache.no_redis   # the memo cleared, no Redis

OFFICER = access.Viewer(role="officer", username="olga")


def test_recent_series_are_the_figures_own_and_computed_once_per_version(no_redis, demo_copy, monkeypatch):
    calls = []
    real = trends.sparklines
    monkeypatch.setattr(trends, "sparklines", lambda *a: calls.append(1) or real(*a))
    with demo_copy.connect() as conn:
        period, _ = evaluation.resolve_period(conn, None, OFFICER)
        results, measures, figures = evaluation.evaluate(conn, period, OFFICER, directorate="resources")
        got = evaluation.recent(conn, period, OFFICER, results["id"])
        assert got == real(results, measures, figures, period.judged) and len(got) == len(results) > 0
        again = evaluation.recent(conn, period, OFFICER, results["id"][:2])
        assert again == {i: got[i] for i in results["id"][:2]} and calls == [1]      # computed once, for all
        assert evaluation.recent(conn, period, MEMBER, results["id"]) and calls == [1, 1]  # another scope
    changed = int(results["id"][0])
    with demo_copy.begin() as conn:
        row = conn.execute(select(Value.id, Value.value).where(Value.measure_id == changed, Value.value.is_not(None))
                           .order_by(Value.period_start.desc())).first()
        conn.execute(update(Value).where(Value.id == row.id).values(value=row.value + 1000))
        version.bump(conn)
    with demo_copy.connect() as conn:
        after = evaluation.recent(conn, period, OFFICER, [changed])[changed]
    assert len(calls) == 3 and after != got[changed]
    assert any(r["value"] is not None and r["value"] >= 1000 for r in after)


def test_the_viewers_scope_is_read_once_per_connection(demo_copy, monkeypatch):
    reads = []
    real = access.published_quarters
    monkeypatch.setattr(access, "published_quarters", lambda conn, *a: reads.append(1) or real(conn, *a))
    with demo_copy.connect() as conn:
        first = evaluation.scope(conn, MEMBER)
        assert evaluation.scope(conn, MEMBER) == first and len(reads) == 1
        assert evaluation.scope(conn, OFFICER) == ("officer", OFFICER.may_see_names, ("all",)) and len(reads) == 1
    with demo_copy.connect() as conn:
        evaluation.scope(conn, MEMBER)
    assert len(reads) == 2                                                 # a new connection reads it again
