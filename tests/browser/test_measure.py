"""The measure drill-down in a real browser, served by gunicorn against the demo council."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboards import ids

SHOTS = Path(__file__).resolve().parent.parent.parent / "instance" / "screenshots"


@pytest.mark.browser
def test_hsg01_shows_quarter_and_year_to_date_chart_and_definition(kept_page, live_server):
    page, console_errors = kept_page(live_server, errors=True)
    page.goto(f"{live_server}/measure/HSG01?period=2026/27 Q2")

    status = page.locator(f"#{ids.MEASURE_STATUS}")
    in_quarter = status.locator(".card", has_text=re.compile("^In quarter"))
    year_to_date = status.locator(".card", has_text=re.compile("^Year to date:"))
    expect(in_quarter).to_contain_text("Below target")
    expect(in_quarter).to_contain_text("0.85%")
    expect(in_quarter).to_contain_text("target 0.75%")
    expect(year_to_date).to_contain_text("On target")
    expect(year_to_date).to_contain_text("0.71%")

    graph = page.locator(f"#{ids.MEASURE_TREND}")
    legend = graph.locator(".legendtext")
    for name in ("Target", "Tolerance band", "Last year", "Below target", "On target"):
        expect(legend.filter(has_text=re.compile(f"^{name}$"))).to_have_count(1)
    names = page.evaluate(f"document.getElementById('{ids.MEASURE_TREND}')"
                          ".querySelector('.js-plotly-plot').data.map(t => t.name)")
    assert {"Target", "Tolerance band", "Last year"} <= set(names)

    expect(page.get_by_label("Period")).to_have_value("2026/27 Q2")
    # The open view is the public's: commentary and actions are for members (tests/browser/test_read_scope.py).
    expect(page.locator(f"#{ids.MEASURE_COMMENTARY}")).to_contain_text("shown to signed-in members")
    expect(page.locator(f"#{ids.MEASURE_ACTIONS}")).to_have_count(0)
    expect(page.locator(f"#{ids.MEASURE_DEFINITION}")).to_contain_text("Hugo Bell")

    expect(status).to_contain_text("Year-end forecast")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "measure-hsg01.png"))

    page.get_by_label("Pattern over time (SPC chart)").check()
    expect(page.locator(f"#{ids.MEASURE_SPC}")).to_be_visible()
    expect(page.locator(f"#{ids.MEASURE_TREND}")).to_be_hidden()
    # The chart was drawn while hidden; it must grow to the card's width once shown.
    svg = page.locator(f"#{ids.MEASURE_SPC} .main-svg").first
    for _ in range(50):
        if svg.bounding_box()["width"] > 900:
            break
        page.wait_for_timeout(100)
    assert svg.bounding_box()["width"] > 900
    spc_legend = page.locator(f"#{ids.MEASURE_SPC} .legendtext")
    expect(spc_legend.filter(has_text=re.compile("^Process limits$"))).to_have_count(1)
    expect(spc_legend.filter(has_text=re.compile("^Average \\(centre line\\)$"))).to_have_count(1)
    expect(page.locator(f"#{ids.MEASURE_SPC_TEXT}")).to_contain_text("Assurance:")
    page.screenshot(path=str(SHOTS / "measure-hsg01-spc.png"))
    assert console_errors == []


@pytest.mark.browser
def test_changing_the_period_updates_the_page_and_the_url(kept_page, live_server):
    page = kept_page(live_server)
    page.goto(f"{live_server}/measure/HSG01?period=2026/27 Q2")
    expect(page.locator(f"#{ids.MEASURE_STATUS}")).to_contain_text("0.85%")
    page.get_by_label("Period").select_option("2026/27 Q1")
    expect(page.locator(f"#{ids.MEASURE_STATUS}")).to_contain_text("0.57%")
    expect(page).to_have_url(f"{live_server}/measure/HSG01?period=2026%2F27+Q1")
    page.reload()
    expect(page.get_by_label("Period")).to_have_value("2026/27 Q1")


@pytest.mark.browser
def test_unknown_measure_says_not_found_with_a_link_back(kept_page, live_server):
    page = kept_page(live_server)
    page.goto(f"{live_server}/measure/NOPE99")
    expect(page.get_by_role("heading", name="Measure not found")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the overview of all measures")).to_have_attribute("href", "/")


@pytest.mark.browser
def test_exceptions_report_lists_measures_worst_first_and_prints_without_controls(kept_page, live_server):
    page = kept_page(live_server)
    page.goto(f"{live_server}/exceptions?period=2026/27 Q2")
    expect(page.get_by_label("Period")).to_have_value("2026/27 Q2")
    items = page.locator(".exceptions-item")
    expect(items.first).to_contain_text("Why it is here:")
    expect(page.get_by_role("link", name="HSG01 Rent loss from empty homes (% of rent due)")).to_have_attribute(
        "href", "/measure/HSG01?period=2026%2F27+Q2")
    page.emulate_media(media="print")
    expect(page.get_by_label("Period")).to_be_hidden()
    expect(page.locator(".exceptions-print-period")).to_have_text("Period: 2026/27 Q2 (Jul-Sep)")
