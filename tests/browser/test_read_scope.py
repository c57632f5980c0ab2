"""What the public and a signed-in member read, in a real browser (gunicorn, public mode on), on a private
copy of the demo council whose latest quarter (2026/27 Q2) is not yet published and whose officer names are
hidden from the public.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from dashboards import ids
from data.core import db
from data.people import access, users
from tests.browser.test_signin import PASSWORD, serve
from tests.conftest import private_copy

pytestmark = pytest.mark.browser
NOTE = "Commentary and actions are shown to signed-in members."
Q1, Q2 = "2026/27 Q1", "2026/27 Q2"


@pytest.fixture(scope="module")
def scoped_server(demo_sqlite_url, tmp_path_factory):
    target = tmp_path_factory.mktemp("read_scope") / "council.db"
    private_copy(demo_sqlite_url, target)
    eng = db.make_engine(f"sqlite:///{target}")
    with eng.begin() as conn:
        users.create(conn, "mina", PASSWORD, role="member", display_name="Mina Member")
        access.unpublish(conn, Q2)
        access.set_council_setting(conn, "show_officer_names", "0")
    eng.dispose()
    with serve(f"sqlite:///{target}", "1", workers=1) as url:
        yield url


def sign_in(page, base):
    page.goto(f"{base}/login")
    page.get_by_label("User name").fill("mina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/")


def test_public_measure_page(kept_page, scoped_server):
    page, console_errors = kept_page(scoped_server, errors=True)
    page.goto(f"{scoped_server}/measure/HSG01?period={Q2}")        # an unpublished quarter asked for by URL
    expect(page.get_by_label("Period")).to_have_value(Q1)
    options = page.get_by_label("Period").locator("option").all_inner_texts()
    assert not any(Q2 in o for o in options)
    status = page.locator(f"#{ids.MEASURE_STATUS}")
    expect(status).to_contain_text("0.57%", timeout=20_000)          # HSG01's published Q1 figure
    expect(page.locator(f"#{ids.MEASURE_TREND} .js-plotly-plot").first).to_be_visible()
    assert "0.85%" not in status.inner_text() and Q2 not in page.locator("main").inner_text()
    expect(page.locator(f"#{ids.MEASURE_COMMENTARY}")).to_have_text(NOTE)
    expect(page.locator(f"#{ids.MEASURE_ACTIONS}")).to_have_count(0)
    main = page.locator("main").inner_text()
    assert "Weekly monitoring of the backlog" not in main and "Seasonal pressures" not in main
    assert "Hugo Bell" not in main                                   # names off for the public
    assert console_errors == []


def test_public_exceptions_report(kept_page, scoped_server):
    page, console_errors = kept_page(scoped_server, errors=True)
    page.goto(f"{scoped_server}/exceptions?period={Q2}")
    expect(page.get_by_label("Period")).to_have_value(Q1)
    expect(page.locator(".exceptions-print-period")).to_contain_text(f"Period: {Q1}")
    expect(page.locator(f"#{ids.EXCEPTIONS_LIST}")).to_contain_text(NOTE)
    main = page.locator("main").inner_text()
    assert "Weekly monitoring" not in main and "No commentary for this period" not in main
    assert "owner" not in main and Q2 not in main
    assert console_errors == []


def test_public_overview_and_directorate(kept_page, scoped_server):
    page, console_errors = kept_page(scoped_server, errors=True)
    page.goto(f"{scoped_server}/?period={Q2}")
    expect(page.get_by_label("Period")).to_have_value(Q1)
    expect(page.locator(f"#{ids.OVERVIEW_HEADLINE}")).to_contain_text("2026/27 Q1 (Apr-Jun)", timeout=20_000)
    options = page.get_by_label("Period").locator("option").all_inner_texts()
    assert not any(Q2 in o for o in options)
    expect(page.locator(f"#{ids.SHELL_SIGN_IN}")).to_have_attribute("href", "/login")

    page.goto(f"{scoped_server}/directorate/housing-and-communities?period={Q2}")
    expect(page.get_by_label("Period")).to_have_value(Q1)
    commentary = page.locator(f"#{ids.DIRECTORATE_COMMENTARY}")
    expect(commentary).to_contain_text("The director's commentary is shown to signed-in members.")
    expect(page.locator(".measure-card").first).to_be_visible(timeout=20_000)
    main = page.locator("main").inner_text()
    assert "Helen Marsh" not in main and "Director:" not in main      # names off for the public
    assert Q2 not in main and "Each has an action plan" not in main
    assert console_errors == []


def test_signed_in_member_reads_commentary_and_actions_but_no_unpublished_quarter(page, scoped_server,
                                                                                 console_errors):
    sign_in(page, scoped_server)
    page.goto(f"{scoped_server}/measure/HSG01?period={Q2}")
    expect(page.get_by_label("Period")).to_have_value(Q1)            # members see published periods only
    expect(page.locator(f"#{ids.MEASURE_STATUS}")).to_contain_text("0.57%", timeout=20_000)
    expect(page.locator(f"#{ids.MEASURE_COMMENTARY} li").first).to_contain_text("2024/25 Q4")  # not Q2's yet
    expect(page.locator(f"#{ids.MEASURE_ACTIONS}")).to_contain_text("Weekly monitoring of the backlog")
    expect(page.locator(f"#{ids.MEASURE_ACTIONS}")).to_contain_text("Hugo Bell")
    page.goto(f"{scoped_server}/exceptions?period={Q1}")
    expect(page.locator(f"#{ids.EXCEPTIONS_LIST}")).to_contain_text("Actions")
    expect(page.locator(f"#{ids.EXCEPTIONS_LIST}")).not_to_contain_text(NOTE)
    page.goto(f"{scoped_server}/directorate/housing-and-communities")
    expect(page.locator(f"#{ids.DIRECTORATE_COMMENTARY}")).to_contain_text("Helen Marsh")
    expect(page.locator(f"#{ids.DIRECTORATE_COMMENTARY}")).to_contain_text(Q1)

    sign_out = page.locator(f"#{ids.SHELL_SIGN_OUT}")                 # the navbar's "Sign out (name)"
    expect(sign_out).to_have_text("Sign out (Mina Member)")
    expect(page.locator(".measure-card").first).to_be_visible(timeout=20_000)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious                                      # the signed-in navbar passes axe too
    sign_out.click()
    expect(page).to_have_url(f"{scoped_server}/login?signed_out=1")
    expect(page.locator(f"#{ids.SHELL_SIGN_IN}")).to_be_visible()
    page.goto(f"{scoped_server}/measure/HSG01")
    expect(page.locator(f"#{ids.MEASURE_COMMENTARY}")).to_have_text(NOTE)  # the public's view again
    assert console_errors == []
