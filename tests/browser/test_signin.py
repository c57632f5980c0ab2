"""Signing in, and what the public does not see, in a real browser under the content security policy.

Two servers of their own on a private copy of the demo council that holds a member and a draft value: one with
PUBLIC_MODE=0 (sign-in required) and two workers, as deployed (the signed-in session must hold whichever worker
answers), one with PUBLIC_MODE=1 and one worker (what the public sees does not depend on the worker).
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import insert, select

from benchmarks import server
from dashboards import ids
from data.core import db
from data.people import users
from data.core.models import Measure, Observation
from tests.conftest import private_copy

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"
DRAFT_VALUE = 7.77          # HSG01 (rent loss, %) never comes near this; shown it would read "7.77%"
DRAFT_PERIOD = "2026/27 Q3"


@pytest.fixture(scope="module")
def council_url(demo_sqlite_url, tmp_path_factory):
    target = tmp_path_factory.mktemp("signin") / "council.db"
    private_copy(demo_sqlite_url, target)
    eng = db.make_engine(f"sqlite:///{target}")
    with eng.begin() as conn:
        users.create(conn, "mina", PASSWORD, role="member", display_name="Mina Member")
        measure_id = conn.execute(select(Measure.id).where(Measure.code == "HSG01")).scalar()
        conn.execute(insert(Observation).values(measure_id=measure_id, period=DRAFT_PERIOD, period_kind="quarter",
                                                period_start=date(2026, 10, 1), value=DRAFT_VALUE, state="draft"))
    eng.dispose()
    return f"sqlite:///{target}"


def serve(database_url: str, public_mode: str, workers: int = 2):
    return server.serve(database_url, workers, SECRET_KEY="signin-test-secret", PUBLIC_MODE=public_mode,
                        REDIS_URL=None)


@pytest.fixture(scope="module")
def private_server(council_url):
    with serve(council_url, "0") as url:
        yield url


@pytest.fixture(scope="module")
def public_server(council_url):
    with serve(council_url, "1", workers=1) as url:
        yield url


def test_sign_in_then_see_the_signed_in_view(page, private_server, console_errors):
    page.goto(f"{private_server}/measure/HSG01")
    expect(page).to_have_url(f"{private_server}/login?next=/measure/HSG01")
    page.get_by_label("User name").fill("mina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{private_server}/measure/HSG01")
    expect(page.locator(f"#{ids.MEASURE_TREND} .js-plotly-plot").first).to_be_visible()
    expect(page.locator(f"#{ids.MEASURE_STATUS}")).to_contain_text("0.85%", timeout=20_000)
    page.goto(f"{private_server}/login")
    expect(page.locator(f"#{ids.LOGIN_SIGNED_IN}")).to_contain_text("Signed in as Mina Member (member)")

    page.get_by_role("button", name="Sign out", exact=True).click()  # not the navbar's "Sign out (name)"
    expect(page.locator(f"#{ids.LOGIN_MESSAGE}")).to_have_text("You have signed out.")
    page.goto(f"{private_server}/")
    expect(page).to_have_url(f"{private_server}/login?next=/")
    assert console_errors == []


def test_wrong_password_is_refused_without_echo(page, private_server, console_errors):
    page.goto(f"{private_server}/login")
    page.get_by_label("User name").fill("<b>mina</b>")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(f"#{ids.LOGIN_MESSAGE}")).to_contain_text("did not match")
    assert "<b>mina</b>" not in page.content() and "not the password" not in page.content()
    assert console_errors == []


def test_public_view_shows_no_draft(page, public_server, console_errors):
    page.goto(f"{public_server}/measure/HSG01")
    expect(page.locator(f"#{ids.MEASURE_STATUS}")).to_contain_text("0.85%", timeout=20_000)  # approved Q2 figure
    expect(page.locator(f"#{ids.MEASURE_TREND} .js-plotly-plot").first).to_be_visible()
    options = page.get_by_label("Period").locator("option").all_inner_texts()
    assert options and not any(DRAFT_PERIOD in o for o in options)
    assert str(DRAFT_VALUE) not in page.locator("main").inner_text()

    page.goto(f"{public_server}/measure/HSG01?period={DRAFT_PERIOD}")                # asking for it by URL
    expect(page.locator(f"#{ids.MEASURE_TREND} .js-plotly-plot").first).to_be_visible()
    assert str(DRAFT_VALUE) not in page.locator("main").inner_text()

    page.goto(f"{public_server}/")
    expect(page.locator(f"#{ids.OVERVIEW_BODY}")).to_be_visible()
    assert str(DRAFT_VALUE) not in page.locator("main").inner_text()
    assert console_errors == []
