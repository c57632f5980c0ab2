"""axe-core (bundled with axe-playwright-python, so offline) on each page type: WCAG 2 A and AA, nothing excluded."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from dashboards import ids

pytestmark = pytest.mark.browser

# (path, an element that shows the page has finished rendering)
PAGES = [
    ("/", f"#{ids.OVERVIEW_BODY} table"),
    ("/?period=2025/26 Q3&status=below_target&meeting=1", "#needs-attention"),
    ("/?directorate=planning-and-growth&status=below_target", ".empty-message"),
    ("/?variation=common-cause&assurance=hit-and-miss", "#spc-selection"),
    ("/directorate/resources", f"#{ids.DIRECTORATE_GRID} .ag-row"),
    ("/directorate/resources?variation=concern", ".spc-current"),
    ("/directorate/housing-and-communities?meeting=1", f"#{ids.DIRECTORATE_TRENDS}"),
    ("/measure/HSG01", f"#{ids.MEASURE_TREND} .js-plotly-plot"),
    ("/directorate/no-such-place", ".not-found"),
    ("/no/such/page", ".not-found"),
]
OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}}


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize(("path", "ready"), PAGES, ids=[p for p, _ in PAGES])
def test_no_serious_or_critical_violations(page, live_server, axe, path, ready):
    page.goto(live_server + path)
    expect(page.locator(ready).first).to_be_attached(timeout=20_000)
    if ready == f"#{ids.DIRECTORATE_TRENDS}":   # the trend charts, drawn on request, are checked too
        page.locator(ready).click()
        expect(page.locator(".monthly-view .js-plotly-plot").first).to_be_attached(timeout=20_000)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("header")).to_have_count(1)
    expect(page.locator("main")).to_have_count(1)
    results = axe.run(page, options=OPTIONS)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], results.generate_report()
