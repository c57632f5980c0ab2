"""Everything the browser needs comes from this server, and charts use plotly.js's small "basic" bundle."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_measure_chart_draws_with_the_basic_bundle_and_nothing_from_elsewhere(page, live_server):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server + "/measure/HSG03")
    expect(page.locator("#measure-trend .js-plotly-plot .scatterlayer .trace").first).to_be_attached(timeout=20000)
    assert page.evaluate("window.Plotly.version") == "4.1.1"
    assert not any("package_data/plotly.min.js" in url for url in requests)   # the 4.7 MB full bundle
    assert all(url.startswith(live_server) for url in requests), [u for u in requests if not u.startswith(live_server)]
    assert errors == []
