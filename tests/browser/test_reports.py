"""Issue 14, item 4 in a browser: a member signs in, opens /reports, produces the Resources pack as Word through
the background callback under gunicorn, in-process and on a Celery worker with Redis (progress shown, the button disabled while it runs) and downloads it."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys

import pytest
from docx import Document
from playwright.sync_api import expect

from benchmarks import server
from data.core import db
from data.people import users
from tests.conftest import private_copy

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"
SECRET = "reports-test-secret"


@pytest.fixture(scope="module")
def council_url(demo_sqlite_url, tmp_path_factory):
    target = tmp_path_factory.mktemp("reports") / "council.db"
    private_copy(demo_sqlite_url, target)
    eng = db.make_engine(f"sqlite:///{target}")
    with eng.begin() as conn:
        users.create(conn, "mina", PASSWORD, role="member", display_name="Mina Member")
    eng.dispose()
    return f"sqlite:///{target}"


@contextlib.contextmanager
def celery_worker(database_url: str, redis_url: str):
    """`celery -A app:celery_app worker`, as `make run` starts it when REDIS_URL is set; stopped afterwards."""
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "SECRET_KEY": SECRET,
           "TODAY": "2026-12-01"}
    proc = subprocess.Popen([sys.executable, "-m", "celery", "-A", "app:celery_app", "worker", "--concurrency=1",
                             "--pool=solo", "--loglevel=warning"], cwd=server.ROOT, env=env)
    try:
        yield
    finally:
        proc.terminate()
        proc.wait(20)


@pytest.fixture(scope="module", params=["in-process", "celery"])
def reports_server(request, council_url, tmp_path_factory):
    """gunicorn with jobs in its own processes (no REDIS_URL), or on a Celery worker with our own Redis."""
    env = {"SECRET_KEY": SECRET, "PUBLIC_MODE": "1", "TODAY": "2026-12-01"}
    if request.param == "in-process":
        with server.serve(council_url, REDIS_URL=None, **env) as url:
            yield url
        return
    with server.redis_server(tmp_path_factory.mktemp("redis")) as redis_url:
        with celery_worker(council_url, redis_url), server.serve(council_url, REDIS_URL=redis_url, **env) as url:
            yield url


def test_member_produces_and_downloads_a_pack(page, reports_server, console_errors, tmp_path):
    page.goto(f"{reports_server}/login?next=/reports")
    page.get_by_label("User name").fill("mina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{reports_server}/reports")
    page.get_by_label("Scope").select_option(label="Directorate: Resources")
    page.get_by_label("Format").select_option("docx")
    produce = page.get_by_role("button", name="Produce the pack")
    produce.click()
    link = page.get_by_role("link", name="Download the pack (DOCX")
    expect(link).to_be_visible(timeout=60_000)
    expect(page.locator("main").get_by_role("status")).to_contain_text("Published pack for 2026/27 Q2 (Jul-Sep), Directorate: "
                                                       "Resources: 17 measures")
    expect(produce).to_be_enabled()
    expect(page.locator(".progress-bar")).to_have_text("Done")
    with page.expect_download() as info:
        link.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name == "demo-district-council-performance-2026-27-q2-resources.docx"
    headings = [p.text for p in Document(str(path)).paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Summary", "Measures needing attention", "Council plan and risks", "Resources",
                        "How we compare"]
    assert console_errors == []
