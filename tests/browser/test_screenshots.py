"""Full-page PNGs of the main pages at 1280x720 for the README (docs/screenshots/), looked at by a person."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboards import ids

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parent.parent.parent / "docs" / "screenshots"

VIEWS = [
    ("overview", "/", f"#{ids.OVERVIEW_BODY} table"),
    ("directorate", "/directorate/housing-and-communities", ".monthly-view .js-plotly-plot"),
    ("measure", "/measure/HSG01", f"#{ids.MEASURE_TREND} .js-plotly-plot"),
    ("meeting", "/directorate/resources?meeting=1", f"#{ids.DIRECTORATE_BODY} .measure-card"),
]


@pytest.mark.parametrize(("name", "path", "ready"), VIEWS, ids=[v[0] for v in VIEWS])
def test_screenshot(page, live_server, name, path, ready):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(live_server + path)
    if ready.startswith(".monthly-view"):   # the directorate's trend charts are drawn on request
        page.locator(f"#{ids.DIRECTORATE_TRENDS}").click()
    expect(page.locator(ready).first).to_be_visible(timeout=20_000)  # plotly.js is 4.8 MB; slow on a busy machine
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # plotly's last resize
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = SHOTS / f"{name}.png"
    page.screenshot(path=target, full_page=True)
    assert target.stat().st_size > 20_000
