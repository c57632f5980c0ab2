"""The council plan and the risk register in a real browser (gunicorn on a private copy of the demo council):
a member filters the plan by progress and the counts, the table and the URL follow; an editor updates one of
their service's actions and the change is stored and in the audit trail; a cell of the risk matrix leads to the
risks in it. What the pages should show is worked out from the database through the data layer, never typed in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dashboards import ids
from data.core import db
from data.core.models import Action, ActionUpdate, AuditEvent, Service
from data.people import access
from data.plan import risks as risk_rules
from data.reporting import plan
from tests.browser.conftest import ROLES, sign_in_as

pytestmark = pytest.mark.browser
WAIT = 20_000


def _viewer(role: str, services=frozenset()) -> access.Viewer:
    name = ROLES[role]
    return access.Viewer(role=role, username=name, display_name=f"{name.capitalize()} {role.capitalize()}",
                         services=frozenset(services))


def _plan_page(url: str, filters: plan.PlanFilters, viewer: access.Viewer) -> plan.PlanPage:
    eng = db.make_engine(url)
    try:
        with eng.connect() as conn:
            return plan.plan_page(conn, filters, viewer)
    finally:
        eng.dispose()


def test_a_member_filters_the_plan_by_progress_and_can_share_the_link(kept_page, browser, roles_server,
                                                                       roles_database):
    member = _viewer("member")
    whole = _plan_page(roles_database, plan.PlanFilters(), member)
    status = "off_track"
    wanted = _plan_page(roles_database, plan.PlanFilters(status=status), member)
    assert 0 < len(wanted.actions) < len(whole.actions)

    page, console_errors = kept_page(roles_server, "member", errors=True)
    page.goto(f"{roles_server}/plan")
    counts = page.locator(f"#{ids.PLAN_COUNTS}")
    expect(counts).to_have_text(whole.sentence, timeout=WAIT)
    expect(page.locator(f"#{ids.PLAN_BODY} h2").first).to_be_visible()

    page.locator(f"#{ids.PLAN_STATUS}").select_option(status)
    expect(page).to_have_url(re.compile(rf"/plan\?(.*&)?status={status}(&|$)"), timeout=WAIT)
    expect(counts).to_have_text(wanted.sentence, timeout=WAIT)
    rows = page.locator(f"#{ids.PLAN_BODY} tr.plan-action")
    expect(rows).to_have_count(len(wanted.actions))
    for code in wanted.actions["code"]:
        expect(rows.filter(has_text=code)).to_have_count(1)
    expect(rows.locator(f".progress-{status}")).to_have_count(len(wanted.actions))

    shared = page.url   # the link, opened afresh, shows the same filtered plan
    other = browser.new_context()    # the link opened afresh: a context of its own
    try:
        again = other.new_page()
        sign_in_as(again, roles_server, "member")
        again.goto(shared)
        expect(again.locator(f"#{ids.PLAN_COUNTS}")).to_have_text(wanted.sentence, timeout=WAIT)
        expect(again.locator(f"#{ids.PLAN_STATUS}")).to_have_value(status)
        expect(again.locator(f"#{ids.PLAN_BODY} tr.plan-action")).to_have_count(len(wanted.actions))
    finally:
        other.close()
    assert console_errors == []


def test_an_editor_updates_an_action_and_it_is_stored_and_audited(kept_page, roles_server, roles_database):
    eng = db.make_engine(roles_database)
    try:
        with eng.connect() as conn:
            service = conn.execute(select(Service.id).where(Service.slug == "housing-management")).scalar_one()
            editable = _plan_page(roles_database, plan.PlanFilters(), _viewer("editor", {service})).editable
            codes = {a["code"] for a in editable}
            code = conn.execute(select(Action.code).where(Action.code.in_(codes), Action.status != "off_track",
                                                          Action.percent != 37).order_by(Action.code)).scalar()
            assert code is not None, "the editor has an action to update"
        note = f"Contractor slipped two weeks on {code}; recovery plan agreed."

        page, console_errors = kept_page(roles_server, "editor", errors=True)
        page.goto(f"{roles_server}/plan")
        form = page.locator(".plan-edit")
        expect(form).to_be_visible(timeout=WAIT)
        page.locator(f"#{ids.PLAN_EDIT_ACTION}").select_option(code)
        page.locator(f"#{ids.PLAN_EDIT_STATUS}").select_option("off_track")
        page.locator(f"#{ids.PLAN_EDIT_PERCENT}").fill("37")
        page.locator(f"#{ids.PLAN_EDIT_NOTE}").fill(note)
        page.locator(f"#{ids.PLAN_EDIT_SAVE}").click()
        said = page.locator(f"#{ids.PLAN_EDIT_MESSAGE}")
        expect(said).to_contain_text(re.compile(rf"Saved: {re.escape(code)} is off track, 37% complete \(\d{{4}}/\d{{2}} "
                                                r"Q\d\)"), timeout=WAIT)

        with eng.connect() as conn:
            stored = conn.execute(select(Action.status, Action.percent).where(Action.code == code)).one()
            update = conn.execute(select(ActionUpdate.status, ActionUpdate.percent, ActionUpdate.note,
                                         ActionUpdate.author, ActionUpdate.period)
                                  .join(Action, Action.id == ActionUpdate.action_id).where(Action.code == code)
                                  .order_by(ActionUpdate.id.desc())).first()
            event = conn.execute(select(AuditEvent.author, AuditEvent.period, AuditEvent.source)
                                 .where(AuditEvent.field == "action", AuditEvent.code == code)
                                 .order_by(AuditEvent.id.desc())).first()
        assert tuple(stored) == ("off_track", 37)
        assert tuple(update) == ("off_track", 37, note, ROLES["editor"], update.period)
        assert event is not None and event.author == ROLES["editor"] and event.period == update.period

        # the editor's page, drawn again, shows the new progress and note
        page.goto(f"{roles_server}/plan?status=off_track")
        row = page.locator(f"#{ids.PLAN_BODY} tr.plan-action", has_text=code)
        expect(row).to_contain_text(note, timeout=WAIT)
        expect(row).to_contain_text("37%")

        # the officer's audit trail lists the change: who, the quarter, was and now
        trail = kept_page(roles_server, "officer")
        trail.goto(f"{roles_server}/workbench?section=audit&code={code}")
        changes = trail.locator(f"#{ids.WORKBENCH_CHANGES} tbody tr")
        expect(changes.first).to_be_visible(timeout=WAIT)
        newest = changes.first
        expect(newest).to_contain_text(code)
        expect(newest).to_contain_text(update.period)
        expect(newest).to_contain_text("Off track, 37%")
        expect(newest).to_contain_text(ROLES["editor"])
    finally:
        eng.dispose()
    assert console_errors == []


def test_a_risk_matrix_cell_leads_to_the_risks_in_it(kept_page, roles_server, roles_database):
    eng = db.make_engine(roles_database)
    try:
        with eng.connect() as conn:
            register = plan.scored_risks(conn, _viewer("member"))
    finally:
        eng.dispose()
    cells = {(r["likelihood"], c["impact"]): c["count"] for r in risk_rules.matrix(register, "residual")
             for c in r["cells"]}

    page, console_errors = kept_page(roles_server, "member", errors=True)
    page.goto(f"{roles_server}/risks")
    links = page.locator(f"#{ids.RISKS_MATRIX} a")
    expect(links.first).to_be_visible(timeout=WAIT)
    shown = []
    for i in range(links.count()):
        link = links.nth(i)
        count = int(re.match(r"\d+", link.inner_text()).group())
        href = link.get_attribute("href")
        likelihood, impact = (int(re.search(rf"{k}=(\d)", href).group(1)) for k in ("likelihood", "impact"))
        shown.append((likelihood, impact, count, href))
    assert {(lik, imp): n for lik, imp, n, _ in shown} == {k: n for k, n in cells.items() if n}
    assert sum(n for *_, n, _ in shown) == len(register)

    lik, imp, n, _ = max(shown, key=lambda c: (c[2], c[0] * c[1]))   # the fullest cell, by clicking its count
    links.nth(shown.index((lik, imp, n, _))).click()
    expect(page).to_have_url(re.compile(rf"likelihood={lik}.*impact={imp}|impact={imp}.*likelihood={lik}"),
                             timeout=WAIT)
    listed = page.locator(f"#{ids.RISKS_LIST} article.risk")
    expect(listed).to_have_count(n, timeout=WAIT)
    expect(page.locator(f"#{ids.RISKS_LIST} h2")).to_contain_text(f"likelihood {lik}")
    for score in listed.all_inner_texts():
        assert f"likelihood {lik} × impact {imp}" in score
    for lik, imp, n, href in shown:   # every other cell's link, followed, lists as many risks as it counts
        page.goto(roles_server + href)
        expect(page.locator(f"#{ids.RISKS_LIST} article.risk")).to_have_count(n, timeout=WAIT)
    assert console_errors == []
