"""The notifications page in a real browser: each choice is labelled, saving keeps the page and says so."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from benchmarks import server
from data.core import db
from data.core.models import NotificationPreference, User
from data.people import users
from tests.conftest import private_copy

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def council_url(demo_sqlite_url, tmp_path_factory):
    target = tmp_path_factory.mktemp("notify") / "council.db"
    private_copy(demo_sqlite_url, target)
    eng = db.make_engine(f"sqlite:///{target}")
    with eng.begin() as conn:
        users.create(conn, "eve", PASSWORD, role="editor", email="eve@council.test")
    eng.dispose()
    return f"sqlite:///{target}"


def test_an_editor_saves_their_choices_with_the_keyboard(page, council_url, console_errors):
    with server.serve(council_url, workers=1, SECRET_KEY="notify-test", REDIS_URL=None) as url:
        page.goto(f"{url}/login")
        page.get_by_label("User name").fill("eve")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{url}/")
        page.goto(f"{url}/notifications")
        choice = page.get_by_label("A measure I own or edit turns Below target")   # the label names the select
        expect(choice).to_have_value("immediate")
        expect(page.get_by_text("E-mail is not set up on this server")).to_be_visible()
        choice.select_option("digest")
        page.get_by_role("button", name="Save my choices").focus()
        page.keyboard.press("Enter")
        expect(page.locator("main").get_by_role("status")).to_contain_text("Saved your choices")
        assert page.url == f"{url}/notifications"                       # no form post, no reload
        eng = db.make_engine(council_url)
        with eng.connect() as conn:
            chosen = conn.execute(select(NotificationPreference.delivery).join(
                User, User.id == NotificationPreference.user_id).where(
                User.username == "eve", NotificationPreference.kind == "below_target")).scalar()
        eng.dispose()
        assert chosen == "digest"
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
