"""An officer's quarter done in the browser, on the workbench: define a measure, set its target, see its return
late on the chase list, correct it, publish the quarter with an embargo (the public does not see it until then),
and restore a mistaken value from the audit trail. gunicorn -w 2 on a private copy of the demo council."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from benchmarks import server
from dashboards import ids
from data.core import db
from data.people import users
from tests.browser.conftest import settled
from tests.conftest import private_copy

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"
Q2 = "2026/27 Q2"


@pytest.fixture(scope="module")
def workbench_server(demo_sqlite_url, tmp_path_factory):
    target = tmp_path_factory.mktemp("workbench") / "council.db"
    private_copy(demo_sqlite_url, target)
    eng = db.make_engine(f"sqlite:///{target}")
    with eng.begin() as conn:
        users.create(conn, "olga", PASSWORD, role="officer", display_name="Olga Officer")
    eng.dispose()
    started = []
    with server.serve(f"sqlite:///{target}", SECRET_KEY="workbench-test-secret", PUBLIC_MODE="1", REDIS_URL=None,
                      TODAY="2026-12-01", process=started) as url:
        yield url
        # gunicorn's graceful stop may take longer than serve() waits on a loaded machine: give it its time here
        server.stop(started[0], grace=45)


def sign_in_to(page, base: str, section: str, heading: str) -> None:
    """Olga signs in through the form and lands on the workbench section asked for."""
    page.goto(f"{base}/login?next=/workbench?section={section}")
    page.get_by_label("User name").fill("olga")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Workbench: {heading}", timeout=20_000)


def said(page):
    return page.locator(f"#{ids.WORKBENCH_MESSAGE}")


def test_an_officers_quarter_in_the_browser(page, browser, workbench_server, console_errors):
    base = workbench_server
    sign_in_to(page, base, "measures", "Measures and targets")

    # define a measure
    page.get_by_label("Code").fill("WB01")
    page.get_by_label("Title").fill("Complaints answered in 10 days")
    page.get_by_label("Frequency").select_option("quarterly")
    page.get_by_label("Unit").fill("%")
    page.get_by_label("Tolerance", exact=True).fill("5")
    page.get_by_role("button", name="Create the measure").click()
    expect(said(page)).to_contain_text("WB01 created")

    # set its target (the URL holds the chosen measure)
    page.get_by_label("Measure", exact=True).select_option("WB01")
    expect(page).to_have_url(re.compile(r"measure=WB01"))
    expect(page.get_by_role("heading", name="Edit the definition")).to_be_visible()
    page.get_by_label("Period").fill("2026/27")
    page.get_by_label("Target", exact=True).fill("90")
    page.get_by_role("button", name="Set the target").click()
    expect(said(page)).to_contain_text("WB01 target for 2026/27 saved.")

    # the reporting cycle: its return is late once the due date has passed
    page.get_by_role("link", name="Reporting cycle").click()
    expect(page.get_by_label("Quarter")).to_have_value(Q2)
    page.wait_for_load_state("networkidle")
    expect(said(page)).to_have_text("")    # drawing a section never runs its actions
    expect(page.get_by_text("2026/27 Q2 is open")).to_be_visible()
    page.get_by_label("Due on").fill("2026-10-31")
    page.get_by_role("button", name="Set the due date").click()
    expect(said(page)).to_contain_text("Due date set for")
    chase = page.locator(f"#{ids.WORKBENCH_CHASE}")
    expect(chase).to_contain_text("WB01 2026/27 Q2")
    expect(chase).to_contain_text("late return")

    # the figure arrives (typed here by the officer), then a mistaken one over it
    for value in ("88", "8.8"):
        page.get_by_label("Measure code").fill("WB01")
        page.get_by_label("Period").fill(Q2)
        page.get_by_label("Value").fill(value)
        page.get_by_role("button", name="Correct the value").click()
        expect(said(page)).to_contain_text("WB01 2026/27 Q2 saved.")
        settled(page)   # the second answer says the same words as the first: wait for it before going on
    expect(chase).not_to_contain_text("WB01 2026/27 Q2")

    # publish the quarter with an embargo: withdrawn, then scheduled for later
    page.get_by_role("link", name="Publish").click()
    expect(page.get_by_label("Period to publish")).to_have_value(Q2, timeout=20_000)
    expect(page.locator(f"#{ids.WORKBENCH_PREVIEW}")).to_contain_text("Complaints answered in 10 days",
                                                                      timeout=20_000)
    settled(page)
    page.get_by_role("button", name="Withdraw from public view").click()
    expect(said(page)).to_contain_text("Withdrew 1 quarter(s) of 2026/27 Q2")
    page.get_by_label("Release date").fill("2036-01-05")
    page.get_by_label("Release time (UK)").fill("09:30")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(said(page)).to_contain_text("the public sees it from 5 Jan 2036 09:30 (UK time)")
    expect(page.get_by_text("Embargoed until 5 Jan 2036 09:30")).to_be_visible()

    public = browser.new_context().new_page()
    public.goto(f"{base}/")
    headline = public.locator(f"#{ids.OVERVIEW_HEADLINE}")
    expect(headline).to_contain_text("2026/27 Q1", timeout=20_000)     # Q2 waits for its release time
    expect(public.get_by_label("Period").locator(f"option[value='{Q2}']")).to_have_count(0)

    # restore the mistaken value from the audit trail
    page.get_by_role("link", name="Audit trail").click()
    page.get_by_label("Measure code").fill("WB01")
    page.get_by_label("Measure code").press("Enter")
    expect(page).to_have_url(re.compile(r"code=WB01"))
    changes = page.locator(f"#{ids.WORKBENCH_CHANGES}")
    expect(changes).to_contain_text("8.8")
    changes.get_by_role("link", name="Restore the earlier value").first.click()
    expect(page).to_have_url(re.compile(r"change=\d+"))
    page.get_by_role("button", name="Restore 88").click()
    expect(said(page)).to_contain_text("WB01 2026/27 Q2 value restored to 88")
    public.close()
    assert console_errors == []


def test_a_benchmark_file_checked_then_stored_in_the_browser(page, workbench_server, console_errors, tmp_path):
    """The workbench's Benchmarks section (issue 18): the chosen file is checked at once (nothing stored), then
    stored, and its dataset listed with its source and licence."""
    csv = tmp_path / "calls.csv"
    csv.write_text("Area Name,Indicator ID,Indicator Name,Unit,Polarity,Time period,Value\n"
                   "Alpha,C1,Calls abandoned,%,lower,2023/24,7.5\nBeta,C1,Calls abandoned,%,lower,2023/24,9\n")
    sign_in_to(page, workbench_server, "benchmarks", "Benchmarks")
    page.get_by_label("Source (publisher, address)").fill("LG Inform")
    page.get_by_label("Licence").fill("OGL v3")
    page.get_by_label("Benchmark file to import (CSV or Excel)").set_input_files(str(csv))
    expect(said(page)).to_contain_text("Would import calls.csv as benchmark dataset 'calls': 2 figures")
    expect(said(page)).to_contain_text("Nothing is stored yet")
    page.get_by_role("button", name="Store the dataset").click()
    expect(said(page)).to_contain_text("Imported calls.csv as benchmark dataset 'calls'")
    expect(page.locator(f"#{ids.WORKBENCH_BENCH_DATASETS}")).to_contain_text("LG Inform")
    assert console_errors == []
