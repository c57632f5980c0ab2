"""The scrutiny member's journey and meeting mode, in headless Chromium against gunicorn and the demo council."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from dashboards import ids

pytestmark = pytest.mark.browser


def _query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def test_scrutiny_journey_period_below_target_measure_back_and_shared_link(kept_page, live_server):
    page, errors = kept_page(live_server, errors=True)
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance overview")
    headline = page.locator(f"#{ids.OVERVIEW_HEADLINE}")
    expect(headline).to_contain_text("2026/27 Q2 (Jul-Sep). Of 60 measures, 34 are on target or within tolerance",
                                     timeout=15_000)

    page.get_by_label("Period").select_option("2026/27 Q1")
    expect(page).to_have_url(re.compile(r"period=2026%2F27\+Q1"))
    expect(headline).to_contain_text("2026/27 Q1 (Apr-Jun). Of 60 measures")

    page.get_by_label("Status").select_option(label="Below target")
    expect(page).to_have_url(re.compile(r"status=below_target"))
    expect(headline).to_contain_text("are below target")
    expect(headline).to_contain_text(" 0 are on target or within tolerance")
    filtered_url = page.url
    filtered_headline = headline.inner_text()

    first = page.locator("#needs-attention a").first
    code = first.inner_text().split()[0]
    first.click()
    expect(page).to_have_url(re.compile(rf"/measure/{code}\?period=2026%2F27\+Q1"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    trend = page.locator(f"#{ids.MEASURE_TREND}")
    expect(trend.locator(".js-plotly-plot")).to_be_visible(timeout=20_000)
    expect(trend.locator(".legendtext", has_text=re.compile(r"^Target$"))).to_have_count(1)
    expect(trend.locator(".legendtext", has_text="Tolerance band")).to_have_count(1)

    page.go_back()
    expect(page).to_have_url(filtered_url)
    expect(page.get_by_label("Status")).to_have_value("below_target")
    expect(headline).to_have_text(filtered_headline)

    page.go_back()  # the browser's back button steps back through filter changes
    expect(page.get_by_label("Status")).to_have_value("all")
    expect(page.get_by_label("Period")).to_have_value("2026/27 Q1")
    assert "status" not in _query(page.url)

    shared = page.context.new_page()
    shared.goto(filtered_url)
    expect(shared.get_by_label("Period")).to_have_value("2026/27 Q1")
    expect(shared.get_by_label("Status")).to_have_value("below_target")
    expect(shared.locator(f"#{ids.OVERVIEW_HEADLINE}")).to_have_text(filtered_headline)
    shared.close()
    assert errors == []


def test_overview_directorate_link_keeps_filters_and_directorate_page_works(kept_page, live_server):
    page, errors = kept_page(live_server, errors=True)
    page.goto(live_server + "/?period=2026/27 Q1&priority=an-efficient-modern-council")
    page.get_by_role("link", name="Resources").click()
    expect(page).to_have_url(re.compile(r"/directorate/resources\?period=.*priority=an-efficient-modern-council"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Resources")
    expect(page.get_by_label("Priority")).to_have_value("an-efficient-modern-council")
    # The open view is the public's: the director's commentary is for members (tests/browser/test_read_scope.py).
    expect(page.locator(f"#{ids.DIRECTORATE_COMMENTARY}")).to_contain_text("shown to signed-in members")
    rows = page.locator(f"#{ids.DIRECTORATE_GRID} .ag-center-cols-container .ag-row")
    expect(rows.first).to_be_visible(timeout=15_000)
    count = rows.count()
    assert count == page.locator(".measure-card").count() > 0

    page.get_by_label("Service").select_option(label="Human Resources")
    expect(page).to_have_url(re.compile(r"service=human-resources"))
    expect(page.locator(".measure-card")).not_to_have_count(count)
    page.get_by_role("button", name=re.compile("Show the trend charts")).click()
    expect(page.locator(".monthly-view h4")).to_have_text(["Human Resources"])
    expect(page.locator(".monthly-view .js-plotly-plot")).to_have_count(1, timeout=20_000)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    csv = open(download.value.path(), encoding="utf-8").read()
    assert "HR01" in csv and "FIN01" not in csv
    assert errors == []


def test_unknown_directorate_is_a_404_with_a_way_back(kept_page, live_server):
    page = kept_page(live_server)
    response = page.goto(live_server + "/directorate/no-such-place")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Directorate not found")
    page.get_by_role("link", name="Back to the performance overview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance overview")


def test_meeting_mode_hides_controls_and_arrow_keys_step_through_directorates(kept_page, live_server):
    page, errors = kept_page(live_server, errors=True)
    page.goto(live_server + "/?period=2026/27 Q1")
    expect(page.get_by_label("Period")).to_be_visible()
    page.get_by_role("button", name="Meeting mode").click()
    expect(page).to_have_url(re.compile(r"meeting=1"))
    expect(page.locator("body")).to_have_class(re.compile("meeting-mode"))
    expect(page.get_by_label("Period")).to_be_hidden()

    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"/directorate/customer-and-digital\?period=2026%2F27\+Q1&meeting=1$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Customer and Digital", timeout=15_000)
    expect(page.locator(f"#{ids.DIRECTORATE_BODY} .measure-card").first).to_be_visible(timeout=15_000)
    expect(page.get_by_label("Period")).to_be_hidden()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", level=1)).to_have_text("Housing and Communities")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"/\?period=2026%2F27\+Q1&meeting=1$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance overview")
    page.keyboard.press("ArrowLeft")  # wraps round to the last directorate
    expect(page.get_by_role("heading", level=1)).to_have_text("Resources")

    page.get_by_role("button", name="Leave meeting mode").click()
    expect(page.locator("body")).not_to_have_class(re.compile("meeting-mode"))
    expect(page.get_by_label("Period")).to_be_visible()
    assert errors == []


def test_filters_are_reachable_by_keyboard_with_a_visible_focus(kept_page, live_server):
    page = kept_page(live_server)
    page.goto(live_server + "/")
    expect(page.locator(f"#{ids.OVERVIEW_BODY} table").first).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == ids.OVERVIEW_PERIOD:
            break
    period = page.get_by_label("Period")
    expect(period).to_be_focused()
    assert period.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    page.keyboard.press("ArrowDown")  # a native select changes with the arrow keys
    expect(page).to_have_url(re.compile(r"period=2026%2F27\+Q1"))


def test_a_variation_and_assurance_cell_lists_its_measures_and_back_returns(kept_page, live_server):
    page, errors = kept_page(live_server, errors=True)
    page.goto(live_server + "/directorate/resources")
    expect(page.locator(f"#{ids.DIRECTORATE_GRID} .ag-row").first).to_be_attached(timeout=20_000)
    matrix = page.get_by_role("table", name=re.compile("Measures by pattern in the figures and whether they will meet target"))
    cell = matrix.get_by_role("link", name="8 measures with common cause variation and hit and miss assurance")
    cell.click()
    expect(page).to_have_url(re.compile(r"variation=common-cause&assurance=hit-and-miss"))
    expect(page.get_by_label("Pattern in the figures (SPC variation)")).to_have_value("common-cause")
    expect(page.get_by_label("Will it meet target? (SPC assurance)")).to_have_value("hit-and-miss")
    cards = page.locator(".measure-card")
    expect(cards).to_have_count(8)
    expect(cards.filter(has_text="Common cause").filter(has_text="Hit and miss")).to_have_count(8)
    expect(page.locator(f"#{ids.DIRECTORATE_GRID} .ag-center-cols-container .ag-row")).to_have_count(8)
    expect(matrix.locator("td.spc-current")).to_contain_text("8")

    page.go_back()
    expect(page.get_by_label("Pattern in the figures (SPC variation)")).to_have_value("all")
    expect(cards).to_have_count(17)
    assert errors == []
