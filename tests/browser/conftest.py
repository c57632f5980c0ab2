"""Fixtures for the browser tests.

A page opened in a new browser context costs Chromium about three times the CPU of the same page opened again in a
page kept open (a new context starts a renderer and has an empty cache, so the Dash and Plotly bundles are fetched
and compiled again). Tests that only read a server's pages therefore use `kept_page`: one page per server and role,
kept for the test process, put back to a fresh page's viewport and media before each test and its listeners
removed after it. Tests that sign out, change a context's cookies or need a second tab keep pytest-playwright's
own `page` (a new context each)."""

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
    """gunicorn on roles_database, published figures open to the public; one worker (no test of it is about
    requests spread over workers: tests/browser/test_signin.py and test_import_page.py are)."""
    from tests.browser.test_signin import serve
    with serve(roles_database, "1", workers=1) as url:
        LASTING.add(url)
        yield url


class KeptPage:
    """A page kept open on one server for one role (signed in once), and the listeners a test adds to it."""

    def __init__(self, page):
        self.page = page
        self.listeners = []

    def on(self, event, handler):
        self.page.on(event, handler)
        self.listeners.append((event, handler))

    def put_back(self, viewport):
        for event, handler in self.listeners:
            self.page.remove_listener(event, handler)
        self.listeners.clear()
        self.page.set_viewport_size(viewport)
        self.page.emulate_media(media="screen")


# (server, role) -> KeptPage. Pages on the servers of the whole test process (LASTING) are kept until its end, those
# on a module's own server until the module's end: a later server may be given the same port.
_KEPT: dict[tuple[str, str | None], KeptPage] = {}
LASTING: set[str] = set()


@pytest.fixture(scope="session")
def live_server(live_server):
    LASTING.add(live_server)
    return live_server


@pytest.fixture(scope="session")
def kept_pages(browser, browser_context_args):
    """(server, role) -> KeptPage, made on first use."""
    def get(server, role):
        if (server, role) not in _KEPT:
            context = browser.new_context(**browser_context_args)
            page = context.new_page()
            sign_in_as(page, server, role)
            _KEPT[(server, role)] = KeptPage(page)
        return _KEPT[(server, role)]
    yield get
    _close_kept(lambda server: True)


@pytest.fixture(scope="module", autouse=True)
def _close_the_module_kept_pages():
    yield
    _close_kept(lambda server: server not in LASTING)


def _close_kept(which) -> None:
    for key in [key for key in _KEPT if which(key[0])]:
        _KEPT.pop(key).page.context.close()


@pytest.fixture
def kept_page(kept_pages, browser_context_args):
    """`kept_page(server, role=None)`: the kept page of that server and role (None: signed out), as a new page would
    be (the context's viewport, screen media, no listeners of an earlier test); `errors=True` also returns the
    console and page errors it reports during the test, Content-Security-Policy refusals included."""
    used = []
    viewport = browser_context_args["viewport"]

    def get(server, role=None, errors=False):
        one = kept_pages(server, role)
        one.put_back(viewport)
        used.append(one)
        if not errors:
            return one.page
        found = []
        one.on("console", lambda m: found.append(m.text) if m.type == "error" else None)
        one.on("pageerror", lambda e: found.append(str(e)))
        return one.page, found
    yield get
    for one in used:
        one.put_back(viewport)


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
