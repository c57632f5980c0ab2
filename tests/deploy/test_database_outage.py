"""The database stopped under a running server (issue 13): every page, the shell and every callback answer 503
"The database is unavailable, try again shortly." (in the page as HTML, to a callback as plain text), and all
answer again once it returns, with no restart. The test starts a PostgreSQL server of its own (tests/deploy/
own_postgres.py) on a free port and stops that one; the shared server on 5432 is never touched."""

from __future__ import annotations

import time

import pytest
import requests

from benchmarks.server import serve
from dashboards import ids
from data.core import db
from data.imports import intake
from data.people import access, users
from tests import council_quarter
from tests.deploy.own_postgres import own_postgres
from tests.security.test_hold_input import PASSWORD, Browser

pytestmark = pytest.mark.postgres
MESSAGE = "The database is unavailable, try again shortly."


@pytest.fixture(scope="module")
def outage(tmp_path_factory):
    """{"cluster", "base", "server"}: a council in a PostgreSQL of its own, served by gunicorn with two workers."""
    with own_postgres() as cluster:
        eng = db.make_engine(cluster.url)
        db.upgrade(eng)
        intake.import_file(eng, council_quarter.write_csv_folder(tmp_path_factory.mktemp("q")))
        with eng.begin() as conn:
            first_service = conn.exec_driver_sql("SELECT slug FROM service ORDER BY id").scalar()
            users.create(conn, "eddie", PASSWORD, role="editor", services=[first_service])
            access.publish(conn, "2019/20")           # so the public overview has periods to choose from
        eng.dispose()
        processes = []
        with serve(cluster.url, 2, process=processes, SECRET_KEY="outage-test", REDIS_URL=None) as base:
            yield {"cluster": cluster, "base": base, "server": processes[0], "service": first_service}


def _everything(base: str, visitor: Browser, editor: Browser, service: str) -> dict[str, requests.Response]:
    """One request of each kind a browser makes, by path."""
    get = {path: requests.get(base + path, timeout=30) for path in
           ("/", "/login", "/measure/A01", "/exceptions", "/_dash-layout")}
    get["/entry (signed in)"] = editor.http.get(base + "/entry", timeout=30)
    get["router callback"] = visitor.route("/", "")
    get["entry form callback"] = editor.open_form("2019-10", service)
    get["ready"] = requests.get(base + "/ready", timeout=30)
    return get


def test_a_stopped_database_is_503_everywhere_and_pages_recover_without_a_restart(outage):
    base, cluster = outage["base"], outage["cluster"]
    visitor, editor = Browser(base), Browser(base, "eddie")
    before = _everything(base, visitor, editor, outage["service"])
    assert {k: r.status_code for k, r in before.items()} == {k: 200 for k in before}

    cluster.stop()
    started = time.perf_counter()
    during = _everything(base, visitor, editor, outage["service"])
    print(f"every request answered in {time.perf_counter() - started:.2f} s with the database stopped")
    assert {k: r.status_code for k, r in during.items()} == {k: 503 for k in during}, \
        {k: (r.status_code, r.text[:120]) for k, r in during.items()}
    for what, answer in during.items():
        if what == "ready":
            assert answer.json()["checks"]["database"]["ok"] is False
            continue
        assert MESSAGE in answer.text and "Traceback" not in answer.text, (what, answer.text[:300])
        assert answer.headers.get("Retry-After") == "5"
        kind = "text/plain" if "callback" in what or what == "/_dash-layout" else "text/html"
        assert answer.headers["Content-Type"].startswith(kind), (what, answer.headers["Content-Type"])
    assert requests.get(base + "/health", timeout=30).status_code == 200          # the process itself answers

    cluster.start()
    deadline, after = time.monotonic() + 60, {}
    while time.monotonic() < deadline:
        after = _everything(base, visitor, editor, outage["service"])
        if all(r.status_code == 200 for r in after.values()):
            break
        time.sleep(0.5)
    assert {k: r.status_code for k, r in after.items()} == {k: 200 for k in after}
    assert outage["server"].poll() is None                                         # the same server, never restarted


@pytest.mark.browser
def test_the_page_being_read_says_the_database_is_unavailable_and_recovers(outage, page):
    """In Chromium: the overview is open; the database stops; following a link inside the app (the Pages router
    callback, answered 503) shows the message in the page itself (assets/unavailable.js), and reloading shows the
    server's 503 page; once the database returns, the next step removes the notice."""
    base, cluster = outage["base"], outage["cluster"]
    page.goto(base + "/")
    page.locator(f"#{ids.OVERVIEW_PERIOD}").wait_for(timeout=30000)
    link = page.locator('main a[href^="/directorate/"]').first
    cluster.stop()
    try:
        link.click()
        notice = page.locator("#service-unavailable")
        notice.wait_for(timeout=30000)
        assert MESSAGE in notice.inner_text() and notice.get_attribute("role") == "alert"
        assert page.reload().status == 503 and MESSAGE in page.locator("body").inner_text()
    finally:
        cluster.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and requests.get(base + "/", timeout=30).status_code != 200:
        time.sleep(0.5)
    page.goto(base + "/")
    page.locator(f"#{ids.OVERVIEW_PERIOD}").wait_for(timeout=30000)
    page.locator('main a[href^="/directorate/"]').first.click()
    page.wait_for_url("**/directorate/**", timeout=30000)
    assert page.locator("#service-unavailable").count() == 0
