"""Issues 14 and 15: the report pack's "Council plan and risks" section, on SQLite and PostgreSQL. Its counts are
those of the plan's own rows (each action's progress as last reported for the pack's quarter or earlier, in the
quarters the viewer may see, as /plan decides it), overdue is worked out as at the period's end, a directorate's or
a priority's pack holds only its own actions and risks, and the public pack has no progress notes and no risk
register (as /risks shows the public none)."""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import date

import pandas as pd
import pytest

from data.core.periods import Period
from data.people import access
from data.plan import progress, records
from data.plan import risks as risk_rules
from data.plan.progress import Progress
from data.reporting import choice, pack, pack_render
from data.reporting import plan as plan_pages
from tests.reporting.test_pack import MEMBER, OFFICER, Q2, TODAY, build, on_1_december  # noqa: F401  the same day


def reported(conn, through: Period, as_at: date, viewer=OFFICER) -> dict[str, dict]:
    """Each plan action's progress worked out from the database rows: its latest update for `through` or an earlier
    quarter (published ones only for those who see published periods only), overdue as at `as_at`; an action with
    no such update is not reported."""
    published = access.published_quarters(conn)
    updates = records.updates(conn)
    out = {}
    for a in records.actions(conn, kinds=["plan"]).to_dict("records"):
        mine = [u for u in updates.to_dict("records") if u["action_id"] == a["id"]
                and not through < Period.parse(u["period"])
                and (not viewer.published_only or Period.parse(u["period"]) in published)]
        if not mine:
            continue
        last = max(mine, key=lambda u: (u["created_at"], u["id"]))
        out[a["code"]] = {**a, "status": last["status"], "percent": last["percent"], "note": last["note"],
                          "overdue": last["status"] != "completed" and a["due_date"] < as_at}
    return out


def in_priority(conn, slug: str) -> tuple[set[int], set[str]]:
    """(objective ids, risk codes) of a council priority, from the rows."""
    objectives = records.objectives(conn)
    ids = set(objectives.loc[objectives["priority_slug"] == slug, "id"])
    links = records.risk_objectives(conn)
    risk_ids = set(links.loc[links["objective_id"].isin(ids), "risk_id"])
    risks = records.risks(conn)
    return ids, set(risks.loc[risks["id"].isin(risk_ids), "code"])


@pytest.mark.parametrize(("viewer", "scope"), [
    (OFFICER, {}), (MEMBER, {}), (access.PUBLIC, {}),         # the public get the whole-council pack only
    (OFFICER, {"directorate": "Housing and Communities"}), (MEMBER, {"directorate": "Housing and Communities"}),
    (OFFICER, {"priority": "Homes for everyone"}), (MEMBER, {"priority": "Homes for everyone"}),
], ids=lambda v: v.role if isinstance(v, access.Viewer) else "-".join(v) or "council")
def test_counts_are_the_plans_own_rows(demo_engine, viewer, scope):
    with demo_engine.connect() as conn:
        built = build(conn, viewer=viewer, **scope)
        chosen = pack.scope_of(conn, **scope)
        rows = reported(conn, Period.parse(Q2), Period.parse(Q2).end, viewer)
        if chosen.kind == "directorate":
            rows = {c: a for c, a in rows.items() if a["directorate_slug"] == chosen.slug}
        elif chosen.kind == "priority":
            objectives, _ = in_priority(conn, chosen.slug)
            rows = {c: a for c, a in rows.items() if a["objective_id"] in objectives}
        objectives = records.objectives(conn).set_index("id")
    section = built.plan
    tally = Counter(a["status"] for a in rows.values())
    assert rows and section.counts["total"] == len(rows) == len(section.actions)
    assert {p.value: section.counts[p.value] for p in Progress} == {p.value: tally[p.value] for p in Progress}
    assert section.counts["overdue"] == sum(a["overdue"] for a in rows.values())
    assert section.sentence.startswith(f"Of {len(rows)} action")
    said = {words: int(n) for n, words in re.findall(r"(\d+) (?:is |are )?(on track|at risk|off track|completed|"
                                                     r"not started)", section.sentence)}
    assert said == {p.words.lower(): tally[p.value] for p in Progress if tally[p.value]}
    # The table: every action off track, at risk or overdue, none other, with its objective and priority.
    wanted = {c for c, a in rows.items() if a["status"] in ("off_track", "at_risk") or a["overdue"]}
    assert {a.code for a in section.attention} == wanted
    for a in section.actions:
        row = rows[a.code]
        assert (a.status.value, a.percent, a.due, a.overdue) == (row["status"], row["percent"], row["due_date"],
                                                                 row["overdue"])
        assert a.objective.startswith(row["objective_code"] + " ")
        assert a.priority == objectives.loc[row["objective_id"], "priority"]


def test_the_latest_quarters_statuses_are_the_plan_pages(demo_engine):
    """The demo's last progress is for 2026/27 Q2, so its pack counts each status as /plan does; overdue differs:
    /plan counts it as of today, the pack as at 30 September."""
    with demo_engine.connect() as conn:
        section = build(conn).plan
        page = plan_pages.plan_page(conn, plan_pages.PlanFilters(), OFFICER)
        earlier = build(conn, "2026/27 Q1").plan
        q1 = reported(conn, Period.parse("2026/27 Q1"), Period.parse("2026/27 Q1").end)
    assert {p.value: section.counts[p.value] for p in Progress} == {p.value: page.counts[p.value] for p in Progress}
    assert page.counts["overdue"] == int(page.actions["overdue"].sum()) > section.counts["overdue"]
    # A Q1 pack gives each action's Q1 progress and note, not the later quarter's.
    assert dict(Counter(a.status.value for a in earlier.actions)) == dict(Counter(a["status"] for a in q1.values()))
    assert {a.note for a in earlier.actions} == {a["note"] for a in q1.values()}
    assert earlier.counts != section.counts


def test_overdue_is_as_at_the_period_end(demo_engine):
    seen = []
    with demo_engine.connect() as conn:
        for label in (Q2, "2026-10", "2026-11", "2026/27 Q3"):     # Q3 is still under way on 1 December
            period = Period.parse(label)
            section = pack.plan_section(conn, choice.Choice(period), OFFICER)
            as_at = min(period.end, TODAY)
            rows = reported(conn, period.quarters()[-1], as_at)
            risks = records.risks(conn)
            assert section.as_at == as_at
            overdue = {a.code for a in section.actions if a.overdue}
            assert overdue == {c for c, a in rows.items() if a["overdue"]}
            late_reviews = {r.code for r in section.high if r.review_overdue}
            assert late_reviews == {r["code"] for r in risks.to_dict("records") if r["code"] in {h.code for h in
                                    section.high} and r["review_date"] < as_at}
            seen.append(frozenset(overdue))
    assert len(set(seen)) > 2          # the day chosen changes what is overdue


@pytest.mark.parametrize("scope", [{"directorate": "Resources"}, {"directorate": "Housing and Communities"},
                                   {"priority": "Homes for everyone"}])
def test_a_scoped_pack_holds_only_its_own_actions_and_risks(demo_engine, scope):
    with demo_engine.connect() as conn:
        built = build(conn, **scope)
        chosen = pack.scope_of(conn, **scope)
        actions = records.actions(conn, kinds=["plan"])
        risks = risk_rules.with_scores(records.risks(conn), Period.parse(Q2).end)
        if chosen.kind == "directorate":
            codes = set(actions.loc[actions["directorate_slug"] == chosen.slug, "code"])
            risk_codes = set(risks.loc[risks["directorate_slug"] == chosen.slug, "code"])
        else:
            objectives, risk_codes = in_priority(conn, chosen.slug)
            codes = set(actions.loc[actions["objective_id"].isin(objectives), "code"])
    section = built.plan
    assert {a.code for a in section.actions} == codes and 0 < len(codes) < len(actions)
    assert sum(c["count"] for row in section.matrix for c in row["cells"]) == len(risk_codes) < len(risks)
    high = risks[risks["code"].isin(risk_codes) & (risks["residual_score"] >= risk_rules.HIGH)]
    assert {r.code for r in section.high} == set(high["code"])
    for r in section.high:
        row = high[high["code"] == r.code].iloc[0]
        assert (r.likelihood, r.impact, r.score) == (row["residual_likelihood"], row["residual_impact"],
                                                     row["residual_likelihood"] * row["residual_impact"])
        assert r.mitigations and all(isinstance(m["status"], Progress) for m in r.mitigations)


def test_matrix_counts_every_risk_in_its_cell(demo_engine):
    with demo_engine.connect() as conn:
        section = build(conn).plan
        risks = records.risks(conn)
    cells = Counter(zip(risks["residual_likelihood"], risks["residual_impact"]))
    assert [row["likelihood"] for row in section.matrix] == [5, 4, 3, 2, 1]
    assert {(row["likelihood"], c["impact"]): c["count"] for row in section.matrix for c in row["cells"]} == {
        (lik, imp): cells.get((lik, imp), 0) for lik in risk_rules.SCALE for imp in risk_rules.SCALE}


def test_public_pack_has_no_progress_notes_and_no_risk_register(demo_engine):
    with demo_engine.connect() as conn:
        public = build(conn, viewer=access.PUBLIC)
        member = build(conn, viewer=MEMBER)
        notes = {n for n in records.updates(conn)["note"] if n}
    assert not public.plan.internal and member.plan.internal
    assert public.plan.actions and all(a.note is None and a.note_period is None for a in public.plan.actions)
    assert public.plan.high == [] and public.plan.matrix == [] and public.plan.risk_sentence == ""
    assert any(a.note for a in member.plan.actions) and member.plan.high and member.plan.matrix
    page = pack_render.html(public)
    assert "Council plan and risks" in page and public.plan.sentence in page
    assert not [n for n in notes if n in page]
    assert "Latest progress note" not in page and "Risk matrix" not in page and "High risks" not in page
    assert any(n in pack_render.html(member) for n in notes)


def test_the_plan_section_before_any_progress_is_reported(demo_engine):
    """A year before the plan's first progress note: no action is reported yet, and no risk is on the register yet
    (every demo risk is first reviewed in 2026/27): the matrix is there, empty."""
    with demo_engine.connect() as conn:
        section = build(conn, "2025/26").plan
        rows = reported(conn, Period.parse("2025/26 Q4"), date(2026, 3, 31))
        first = min(Period.parse(p).end for p in records.risk_reviews(conn)["period"])
    assert first > date(2026, 3, 31)
    assert (section.through, section.as_at) == ("2025/26 Q4", date(2026, 3, 31))
    assert rows == {} and section.actions == [] and section.counts["total"] == 0
    assert section.sentence == progress.sentence(pd.DataFrame(columns=["status"]))
    assert section.matrix and not any(c["count"] for row in section.matrix for c in row["cells"])
    assert section.risk_sentence == "No risks." and section.high == []


def register_then(conn, through: Period) -> dict[str, dict]:
    """The register as it stood for the quarter `through`, from the rows: each risk's last review for it or an
    earlier quarter (the later of two in one quarter), a risk reviewed only later left out, one never reviewed as
    it stands."""
    reviews = records.risk_reviews(conn).to_dict("records")
    out = {}
    for r in records.risks(conn).to_dict("records"):
        mine = [v for v in reviews if v["risk_id"] == r["id"]]
        kept = [v for v in mine if Period.parse(v["period"]).end <= through.end]
        if mine and not kept:
            continue
        if kept:
            last = max(kept, key=lambda v: (Period.parse(v["period"]).end, v["created_at"], v["id"]))
            r = {**r, "residual_likelihood": last["likelihood"], "residual_impact": last["impact"],
                 "review_date": last["review_date"]}
        out[r["code"]] = r
    return out


def test_an_earlier_quarters_pack_gives_the_register_as_it_stood_then(demo_engine):
    """The demo's risks were reviewed in Q1 and again in Q2 (some scores and every review date changed; a risk in
    five first registered in Q2): the Q1 pack counts and lists the Q1 register, not today's."""
    q1 = Period.parse("2026/27 Q1")
    with demo_engine.connect() as conn:
        earlier, latest = build(conn, "2026/27 Q1").plan, build(conn).plan
        then, now = register_then(conn, q1), {r["code"]: r for r in records.risks(conn).to_dict("records")}
    assert 0 < len(then) < len(now)
    assert any((then[c]["residual_likelihood"], then[c]["review_date"]) != (now[c]["residual_likelihood"],
                                                                          now[c]["review_date"]) for c in then)
    cells = Counter((r["residual_likelihood"], r["residual_impact"]) for r in then.values())
    assert {(row["likelihood"], c["impact"]): c["count"] for row in earlier.matrix for c in row["cells"]} == {
        (lik, imp): cells.get((lik, imp), 0) for lik in risk_rules.SCALE for imp in risk_rules.SCALE}
    high = {c: r for c, r in then.items() if r["residual_likelihood"] * r["residual_impact"] >= risk_rules.HIGH}
    assert high and {r.code for r in earlier.high} == set(high)
    for r in earlier.high:
        row = high[r.code]
        assert (r.likelihood, r.impact, r.review) == (row["residual_likelihood"], row["residual_impact"],
                                                      row["review_date"])
        assert r.review_overdue == (row["review_date"] is not None and row["review_date"] < q1.end)
    assert earlier.risk_sentence.startswith(f"{len(then)} risks:")
    assert latest.risk_sentence.startswith(f"{len(now)} risks:") and earlier.matrix != latest.matrix



def test_the_pack_says_which_register_it_gives(demo_engine):
    with demo_engine.connect() as conn:
        built = build(conn, "2026/27 Q1")
    said = pack_render.risk_basis(built.plan)
    assert "2026/27 Q1" in said and "30 June 2026" in said
    assert said in html.unescape(pack_render.html(built))
