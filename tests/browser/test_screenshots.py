"""Full-page PNGs of the main pages at 1280x720 for the README (docs/screenshots/), looked at by a person."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboards import ids
from tests.browser.conftest import PASSWORD, sign_in_as

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parent.parent.parent / "docs" / "screenshots"

VIEWS = [
    ("overview", "/", f"#{ids.OVERVIEW_BODY} table"),
    ("directorate", "/directorate/housing-and-communities", ".monthly-view .js-plotly-plot"),
    ("measure", "/measure/HSG01", f"#{ids.MEASURE_TREND} .js-plotly-plot"),
    ("meeting", "/directorate/resources?meeting=1", f"#{ids.DIRECTORATE_BODY} .measure-card"),
    ("exceptions", "/exceptions", f"#{ids.EXCEPTIONS_LIST}"),
    ("plan", "/plan", "main h2"),
    ("reports", "/reports", "main h1"),
]
# Pages for the signed-in performance team, on a server of their own with an officer account.
SIGNED_IN = [
    ("risks", "/risks", f"#{ids.RISKS_MATRIX}"),
    ("workbench", "/workbench?section=cycle", "main h1"),
    ("notifications", "/notifications", "main h1"),
]


@pytest.mark.parametrize(("name", "path", "ready"), VIEWS, ids=[v[0] for v in VIEWS])
def test_screenshot(kept_page, live_server, name, path, ready):
    page = kept_page(live_server)
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


@pytest.fixture(scope="module")
def officer_server(demo_sqlite_url, tmp_path_factory):
    from benchmarks import server
    from data.core import db
    from data.people import users
    from tests.conftest import private_copy
    target = tmp_path_factory.mktemp("shots") / "council.db"
    private_copy(demo_sqlite_url, target)
    eng = db.make_engine(f"sqlite:///{target}")
    with eng.begin() as conn:
        users.create(conn, "olga", PASSWORD, role="officer", display_name="Olga Officer", email="olga@council.test")
    eng.dispose()
    with server.serve(f"sqlite:///{target}", workers=1, SECRET_KEY="shots-secret", REDIS_URL=None,
                      TODAY="2026-12-01") as url:
        yield url


def test_screenshots_signed_in(page, officer_server):
    page.set_viewport_size({"width": 1280, "height": 720})
    sign_in_as(page, officer_server, "officer")   # olga: the sign-in form itself is tested in test_signin.py
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, path, ready in SIGNED_IN:
        page.goto(officer_server + path)
        expect(page.locator(ready).first).to_be_visible(timeout=20_000)
        page.wait_for_load_state("networkidle")
        target = SHOTS / f"{name}.png"
        page.screenshot(path=target, full_page=True)
        assert target.stat().st_size > 20_000, name
