"""Fixtures for the browser tests."""

import pytest

from data.core import db
from data.people import users
from tests.conftest import private_copy

PASSWORD = "correct horse battery staple"
# Who looks at the pages: the public (signed out) and one account per role.
ROLES = {"member": "mina", "editor": "eddie", "officer": "olga"}


@pytest.fixture
def console_errors(page):
    """Console errors and uncaught page errors, Content-Security-Policy refusals included."""
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


@pytest.fixture(scope="session")
def roles_database(demo_sqlite_url, tmp_path_factory):
    """The database URL of a private copy of the demo council holding a member, an editor (housing management) and
    an officer: what roles_server serves, for tests to read back what the pages stored."""
    target = tmp_path_factory.mktemp("roles") / "council.db"
    private_copy(demo_sqlite_url, target)
    eng = db.make_engine(f"sqlite:///{target}")
    with eng.begin() as conn:
        for role, name in ROLES.items():
            users.create(conn, name, PASSWORD, role=role, display_name=f"{name.capitalize()} {role.capitalize()}")
        users.set_role(conn, "eddie", "editor", ["housing-management"])
    eng.dispose()
    return f"sqlite:///{target}"


@pytest.fixture(scope="session")
def roles_server(roles_database):
    """gunicorn on roles_database, published figures open to the public."""
    from tests.browser.test_signin import serve
    with serve(roles_database, "1") as url:
        yield url


def settled(page) -> None:
    """Wait until the page a control's change or a link asked for is drawn, the focus given back (assets/meeting.js:
    `follow` notes the control, `rendered` clears it) and no callback is pending: a key pressed or a button clicked
    before then lands on the page being replaced."""
    page.wait_for_function("() => !window.cpdFocus && !document.querySelector('[data-dash-is-loading]')",
                           timeout=20_000)


def sign_in_as(page, server: str, role: str | None) -> None:
    """Sign in as the role's account (None: stay signed out)."""
    if role is None:
        return
    # The sign-in form posted from the page's own context (its cookies, its CSRF token), without drawing the form
    # and the overview it leads to: tests/browser/test_signin.py signs in through the form itself.
    page.context.request.get(f"{server}/login")
    token = next(c["value"] for c in page.context.cookies(server) if c["name"] == "_csrf_token")
    response = page.context.request.post(f"{server}/auth/sign-in", max_redirects=0, form={
        "username": ROLES[role], "password": PASSWORD, "csrf_token": token})
    assert response.status == 303 and response.headers["location"] == "/", (response.status, response.headers)
