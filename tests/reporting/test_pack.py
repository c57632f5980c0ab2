"""Issue 14, item 1: the report pack's content, on SQLite and PostgreSQL. Its counts are `summary`'s for the same
period and scope (worked out as the command does, from loaders and summary.evaluate); the attention list holds
every measure below target with its commentary, actions (overdue flagged) and forecast; a directorate's table has
every measure; the public pack has no internal words; an unpublished period is marked Draft."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest

from data.core import loaders
from data.core.periods import Period
from data.people import access
from data.performance import summary
from data.performance.status import Status
from data.plan import progress, records
from data.reporting import choice, pack

OFFICER = access.Viewer(role="officer", username="test")
MEMBER = access.Viewer(role="member", username="member")
TODAY = date(2026, 12, 1)
Q2 = "2026/27 Q2"


@pytest.fixture(autouse=True)
def on_1_december(monkeypatch):
    monkeypatch.setenv("TODAY", TODAY.isoformat())


def summary_counts(conn, period: str, directorate=None, priority=None) -> tuple[int, dict]:
    """What `flask --app app summary --period P --json` counts (commands/figures.py's summary_command)."""
    available = loaders.periods_with_data(conn)
    chosen = choice.of(Period.parse(period), available, TODAY)
    measures = loaders.measures(conn, directorate=directorate, priority=priority)
    results = summary.own(summary.evaluate(measures, loaders.figures(conn, measures["id"]), chosen.period,
                                           chosen.through))         # context indicators are never counted
    return len(results), summary.counts(results)


def build(conn, period=Q2, viewer=OFFICER, **scope):
    return pack.build(conn, pack.period_for(conn, period, viewer, TODAY), viewer, pack.scope_of(conn, **scope))


@pytest.mark.parametrize(("period", "scope"), [
    (Q2, {}), (Q2, {"directorate": "resources"}), (Q2, {"priority": "Homes for everyone"}),
    ("2025/26", {}), ("2019/20 Q2", {"directorate": "Customer and Digital"}),
])
def test_counts_are_the_summary_commands(demo_engine, period, scope):
    with demo_engine.connect() as conn:
        built = build(conn, period, **scope)
        slugs = {k: pack.scope_of(conn, **scope).slug for k in scope}
        total, counts = summary_counts(conn, period, **slugs)
    assert (built.total, built.counts) == (total, counts)
    assert built.total > 0
    assert sum(len(s.rows) for s in built.sections) == total
    met = counts["on_target"] + counts["within_tolerance"]
    said = re.match(r"Out of (\d+) indicators?, (\d+) (?:is|are) on target or within tolerance, (\d+) (?:is|are) "
                    r"below target and (\d+) (?:is|are) measured on annual targets\.", built.covering)
    assert said and [int(n) for n in said.groups()] == [total, met, counts["below_target"], counts["annual"]]


def test_demo_latest_quarter_in_the_councils_words(demo_engine):
    with demo_engine.connect() as conn:
        built = build(conn)
    assert [r.code for r in built.context] == ["ECO04"]             # shown apart, not among the 60
    assert built.covering == ("Out of 60 indicators, 34 are on target or within tolerance, 7 are below target and "
                              "8 are measured on annual targets. 10 are data only (reported for context, without a "
                              "target) and 1 has no data for the period.")
    assert dict(built.count_rows())["With a target"] == 50
    assert built.marking == "Published" and built.council == "Demo District Council"


@pytest.mark.parametrize(("counts", "total", "expected"), [
    ({"on_target": 18, "within_tolerance": 2, "below_target": 3, "annual": 9, "data_only": 0, "no_data": 0}, 32,
     "Out of 32 indicators, 20 are on target or within tolerance, 3 are below target and 9 are measured on annual "
     "targets."),
    ({"on_target": 1, "within_tolerance": 0, "below_target": 1, "annual": 1, "data_only": 1, "no_data": 2}, 6,
     "Out of 6 indicators, 1 is on target or within tolerance, 1 is below target and 1 is measured on annual "
     "targets. 1 is data only (reported for context, without a target) and 2 have no data for the period."),
    ({"on_target": 0, "within_tolerance": 0, "below_target": 0, "annual": 0, "data_only": 0, "no_data": 1}, 1,
     "Out of 1 indicator, 0 are on target or within tolerance, 0 are below target and 0 are measured on annual "
     "targets. 1 has no data for the period."),
])
def test_covering_sentence(counts, total, expected):
    assert pack.covering_sentence(counts, total) == expected


def test_attention_has_every_measure_below_target_with_commentary_actions_and_forecast(demo_engine):
    with demo_engine.connect() as conn:
        built = build(conn)
        below = {r.code for s in built.sections for r in s.rows if r.status is Status.BELOW_TARGET}
        by_code = {a.code: a for a in built.attention}
        ids = loaders.measures(conn, code="HOM01")["id"]
        stored = progress.with_overdue(records.intervention_actions(conn, ids), TODAY)
    assert below and below <= set(by_code)
    assert all(a.reasons and a.forecast and a.chart.alt.startswith(f"Chart of {a.code} ") for a in built.attention)
    assert any(a.commentary for a in built.attention)
    hom01 = by_code["HOM01"]
    assert [x["overdue"] for x in hom01.actions] == [bool(o) for o in stored["overdue"]]
    assert any(x["overdue"] for x in hom01.actions)


def test_directorate_section_has_every_measure_in_words(demo_engine):
    with demo_engine.connect() as conn:
        built = build(conn, directorate="Resources")
        codes = set(loaders.measures(conn, directorate="resources")["code"])
    (section,) = built.sections
    assert section.name == "Resources" and section.commentary and section.director
    assert {r.code for r in section.rows} == codes
    row = section.rows[0]
    assert row.vs_previous.split(" ", 1)[1] in ("Improving", "No change", "Worsening", "No comparison")
    assert row.variation and row.assurance
    # A chart for every targeted measure, each with its own text alternative.
    assert len(section.charts) == sum(r.status is not Status.DATA_ONLY for r in section.rows) > 0
    assert len({c.alt for c in section.charts}) == len(section.charts)


def test_public_pack_has_no_internal_words(demo_engine):
    with demo_engine.connect() as conn:
        public = build(conn, viewer=access.PUBLIC)
        member = build(conn, viewer=MEMBER)
    assert not public.internal and member.internal
    assert all(a.commentary is None and a.actions == [] for a in public.attention)
    assert all(s.commentary is None for s in public.sections)
    assert any(s.commentary for s in member.sections)
    assert public.counts == member.counts


def test_unknown_scope_and_period_are_refused(demo_engine):
    with demo_engine.connect() as conn:
        with pytest.raises(pack.ScopeError, match="unknown directorate 'Nowhere'; known: Customer and Digital"):
            pack.scope_of(conn, directorate="Nowhere")
        with pytest.raises(pack.ScopeError, match="unknown priority"):
            pack.scope_of(conn, priority="Nothing")
        with pytest.raises(ValueError, match="is not a period"):
            pack.period_for(conn, "2026/27 Q9", OFFICER, TODAY)
        with pytest.raises(pack.ScopeError, match="no figures for 2030/31 Q1"):
            pack.period_for(conn, "2030/31 Q1", OFFICER, TODAY)


def test_draft_until_the_period_is_published(engine):
    q2 = choice.Choice(Period.parse(Q2))
    year = choice.Choice(Period.parse("2026/27"), through=Period.parse(Q2))
    with engine.begin() as conn:
        assert not pack.is_published(conn, q2)
        access.publish(conn, "2026/27 Q1")
        assert not pack.is_published(conn, year)
        access.publish(conn, Q2)
        assert pack.is_published(conn, q2) and pack.is_published(conn, year)
        built = pack.build(conn, q2, OFFICER, produced=datetime(2026, 12, 1, 9, tzinfo=timezone.utc))
    assert built.marking == "Published" and built.total == 0


def test_alt_text_says_the_chart_in_words():
    rows = [{"label": "2026/27 Q1", "value": 80.0, "target": 90.0, "edge": 85.0, "status": Status.BELOW_TARGET},
            {"label": "2026/27 Q2", "value": 88.0, "target": 90.0, "edge": 85.0, "status": Status.WITHIN_TOLERANCE}]
    assert pack.alt_text("X01 Example", rows, "%", 1) == (
        "Chart of X01 Example, 2026/27 Q1 to 2026/27 Q2. Latest 88.0% in 2026/27 Q2 against a target of 90.0% "
        "(tolerance to 85.0%): within tolerance. Lowest 80.0% (2026/27 Q1), highest 88.0% (2026/27 Q2). On target "
        "or within tolerance in 1 of 2 periods.")
