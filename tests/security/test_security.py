"""Trying to get in where one should not: roles on every callback and route, CSRF, sessions, headers, errors.

Each test runs the real app (`app.server`) through Flask's test client against its own copy of the demo council.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import logging
import time
from pathlib import Path

import pytest
from dash import Input, Output
from flask import Flask
from sqlalchemy import func, insert, select, text

import app as application
from data.core import db
from data.people import access, users
from data.core.models import Commentary, CouncilSetting, Measure, Service
from security import ANYONE, guard, ratelimit, requires
from security.roles import required_role
from security import identity
from tests.conftest import point_app_at, private_copy

ROOT = Path(__file__).resolve().parents[2]
SERVER, APP = application.server, application.app
PASSWORD = "correct horse battery staple"
# Names whose use in a callback means it writes (to the database or to files).
WRITE_NAMES = {"begin", "commit", "flush", "insert", "delete", "store", "publish", "approve", "submit", "save",
               "record", "restore", "write_bytes", "save_temporary", "set_role", "set_password", "create"}
WRITE_PREFIXES = ("save_", "store_", "approve", "publish", "import_", "submit", "record_", "restore", "delete_",
                  "create_", "write_", "set_")
WRITE_MODULES = ("callbacks.import_data", "callbacks.data_entry", "callbacks.admin", "callbacks.workbench",
                 "callbacks.workbench_benchmarks")


# --- fixtures ----------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def council_file(demo_sqlite_url, tmp_path_factory):
    """The demo council plus one user per role, made once (argon2 hashing is slow on purpose)."""
    target = tmp_path_factory.mktemp("security") / "council.db"
    private_copy(demo_sqlite_url, target)
    eng = db.make_engine(f"sqlite:///{target}")
    with eng.begin() as conn:
        services = conn.execute(select(Service.slug).order_by(Service.id)).scalars().all()
        users.create(conn, "pat", PASSWORD, role="public")
        users.create(conn, "mina", PASSWORD, role="member")
        users.create(conn, "eddie", PASSWORD, role="editor", services=[services[0]])
        users.create(conn, "otto", PASSWORD, role="editor", services=[services[1]])
        users.create(conn, "olga", PASSWORD, role="officer")
    eng.dispose()
    return target


@pytest.fixture
def council(council_file, tmp_path, monkeypatch):
    """A private copy of that council for one test, with the app pointed at it (public mode on)."""
    url = private_copy(council_file, tmp_path / "council.db")
    yield from point_app_at(url, monkeypatch, PUBLIC_MODE="1", REDIS_URL=None)


class Visitor:
    """A browser-like client: keeps cookies, echoes the CSRF cookie in the header as Dash's renderer does."""

    def __init__(self, base_url="http://localhost"):
        self.client = SERVER.test_client()
        self.base_url = base_url
        self.client.get("/login", base_url=base_url)

    @property
    def token(self) -> str:
        cookie = self.client.get_cookie("_csrf_token")
        return cookie.value if cookie else ""

    def sign_in(self, username, password=PASSWORD, **extra):
        return self.client.post("/auth/sign-in", base_url=self.base_url,
                                data={"username": username, "password": password, "csrf_token": self.token,
                                      **extra})

    def callback(self, key, values=None, token=True):
        entry = APP.callback_map[key]
        outputs = [{"id": o.component_id, "property": o.component_property} for o in entry["output"]] \
            if isinstance(entry["output"], list) else \
            {"id": entry["output"].component_id, "property": entry["output"].component_property}
        values = values or {}
        body = {"output": key, "outputs": outputs,
                "inputs": [{**i, "value": values.get((i["id"], i["property"]))} for i in entry["inputs"]],
                "state": [{**s, "value": values.get((s["id"], s["property"]))} for s in entry["state"]],
                "changedPropIds": [f"{i['id']}.{i['property']}" for i in entry["inputs"][:1]]}
        headers = {"X-CSRFToken": self.token} if token is True else ({"X-CSRFToken": token} if token else {})
        return self.client.post("/_dash-update-component", json=body, headers=headers, base_url=self.base_url)

    def page(self, path, search=""):
        """The page layout as the pages router sends it (JSON text)."""
        key = next(k for k in APP.callback_map if "_pages_content.children" in k)
        return self.callback(key, {("_pages_location", "pathname"): path, ("_pages_location", "search"): search})


def signed_in(username: str | None) -> Visitor:
    visitor = Visitor()
    if username:
        response = visitor.sign_in(username)
        assert response.status_code == 303 and response.location == "/", response.location
    return visitor


def snapshot(eng) -> str:
    """A digest of every table's rows: equal before and after means nothing changed."""
    digest = hashlib.sha256()
    with eng.connect() as conn:
        for table in sorted(db.inspect(eng).get_table_names()):
            if table in ("sign_in_failure", "alembic_version"):
                continue
            for row in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _names_in(func) -> set[str]:
    code, names, stack = func.__code__, set(), [func.__code__]
    while stack:
        code = stack.pop()
        names.update(code.co_names)
        stack.extend(c for c in code.co_consts if inspect.iscode(c))
    return names


def _innermost(func):
    while hasattr(func, "__wrapped__"):
        func = func.__wrapped__
    return func


def is_state_changing(entry) -> bool:
    """A callback that writes: its code names a writer, it sits in a data-changing module, or it takes an upload."""
    func = _innermost(entry["callback"])
    names = _names_in(func)
    takes_upload = any(i["property"] in ("contents", "filename") for i in entry["inputs"] + entry["state"])
    return (bool(names & WRITE_NAMES) or any(n.startswith(WRITE_PREFIXES) for n in names)
            or func.__module__ in WRITE_MODULES or takes_upload)


# Callbacks that change only the signed-in person's own settings: members may use them (and nobody signed out).
OWN_SETTINGS = {"notify-message.children"}


def unmarked_state_changing(callback_map) -> list[str]:
    return [key for key, entry in callback_map.items()
            if entry.get("callback") and is_state_changing(entry)
            and (required_role(entry["callback"]) or "public")
            not in (("member", "editor", "officer") if key in OWN_SETTINGS else ("editor", "officer"))]


def all_callbacks() -> dict:
    """The app's callbacks, including @callbacks not yet moved into it (that happens on the first request)."""
    from dash._callback import GLOBAL_CALLBACK_MAP
    return {**GLOBAL_CALLBACK_MAP, **APP.callback_map}


def state_changing_callbacks() -> list[str]:
    return sorted(k for k, e in all_callbacks().items() if e.get("callback") and is_state_changing(e))


@pytest.fixture
def officer_only_callback(council):
    """A throwaway state-changing callback (officer only) added to the real app, removed afterwards."""
    @requires("officer")
    def change_setting(n_clicks, value):
        with db.engine().begin() as conn:
            access.set_council_setting(conn, "show_officer_names", "0")
        return "saved"

    Visitor()
    key = "test-security-result.children"
    APP.callback(Output("test-security-result", "children"), Input("test-security-button", "n_clicks"),
                 Input("test-security-text", "value"))(change_setting)
    yield key
    APP.callback_map.pop(key, None)
    APP._callback_list[:] = [c for c in APP._callback_list if c["output"] != key]


# --- every state-changing callback is marked and refused to those without the right --------------------

def test_detector_flags_an_unmarked_writing_callback():
    def save_value(n):
        with db.engine().begin() as conn:
            conn.execute(insert(CouncilSetting).values(name="x", value="y"))

    def read_only(n):
        with db.connect() as conn:
            return conn.execute(select(Measure.code)).all()

    fake = {"a.children": {"callback": save_value, "inputs": [{"id": "b", "property": "n_clicks"}], "state": []},
            "c.children": {"callback": read_only, "inputs": [{"id": "d", "property": "value"}], "state": []},
            "e.children": {"callback": requires("editor")(lambda n: n.commit()),
                           "inputs": [{"id": "f", "property": "n_clicks"}], "state": []},
            "g.children": {"callback": lambda contents: contents,
                           "inputs": [{"id": "upload", "property": "contents"}], "state": []}}
    assert unmarked_state_changing(fake) == ["a.children", "g.children"]


def test_every_state_changing_callback_has_a_role_requirement():
    assert len(all_callbacks()) > 3
    assert unmarked_state_changing(all_callbacks()) == []


@pytest.mark.parametrize("key", state_changing_callbacks() or ["(none yet)"])
@pytest.mark.parametrize("who", [None, "pat", "mina", "otto"])
def test_state_changing_callbacks_refuse_those_without_the_right(council, key, who):
    """Anonymous, public and members are refused every writing callback; an editor every officer one. Where an
    editor passes the gate, their own-services check is the callback's (see the data-entry test below)."""
    if key == "(none yet)":
        pytest.skip("no state-changing callback registered yet")
    visitor = signed_in(who)
    before = snapshot(council)
    response = visitor.callback(key)
    role = required_role(all_callbacks()[key]["callback"])
    if (who == "otto" and role in ("editor", "member")) or (who == "mina" and role == "member"):
        assert response.status_code != 500   # past the gate: an empty request changes nothing
    else:
        assert response.status_code in (401, 403)
    assert snapshot(council) == before


@pytest.mark.parametrize(("who", "allowed"), [(None, False), ("pat", False), ("mina", False), ("eddie", False),
                                              ("otto", False), ("olga", True)])
def test_an_officer_only_callback_runs_for_officers_alone(council, officer_only_callback, who, allowed):
    visitor = signed_in(who)
    before = snapshot(council)
    response = visitor.callback(officer_only_callback, {("test-security-button", "n_clicks"): 1})
    if allowed:
        assert response.status_code == 200 and snapshot(council) != before
    else:
        assert response.status_code in (401, 403) and snapshot(council) == before
        assert "saved" not in response.get_data(as_text=True)


def test_requires_works_above_or_below_the_callback_decorator():
    def inner(n):
        return n

    wrapped = requires("editor")(inner)
    assert required_role(wrapped) == "editor"

    def outer(n):
        return n

    def dash_like_wrapper(*a):
        return outer(*a)
    dash_like_wrapper.__wrapped__ = outer
    requires("officer")(outer)          # marked after Dash wrapped it
    assert required_role(dash_like_wrapper) == "officer"
    with pytest.raises(ValueError):
        requires("admin")


def test_every_page_layout_is_guarded():
    import dash
    assert all(getattr(p["layout"], "_guarded", False) for p in dash.page_registry.values() if callable(p["layout"]))
    assert guard.page_roles()["/login"] == ANYONE


def test_pages_of_state_changing_callbacks_need_a_role():
    """The page that holds a writing callback (callbacks/x.py -> dashboards/x.py) is not open to the public."""
    import dash
    pages = {module.split(".")[-1]: page for module, page in dash.page_registry.items()}
    for key in state_changing_callbacks():
        module = _innermost(all_callbacks()[key]["callback"]).__module__.split(".")[-1]
        if module in pages:
            allowed = ("member", "editor", "officer") if key in OWN_SETTINGS else ("editor", "officer")
            assert pages[module].get("required_role", "public") in allowed, module


def test_role_pages_render_only_for_their_roles(council, monkeypatch):
    """A page with required_role never runs its layout for a viewer below it."""
    import dash
    ran = []
    page = {"path": "/test-officer-page", "path_template": None, "required_role": "officer", "title": "t",
            "layout": guard.guard_layout(lambda **_: ran.append(1) or "officer things", "officer"),
            "module": "dashboards.test_officer_page", "supplied_path": "/test-officer-page"}
    monkeypatch.setitem(dash.page_registry, "dashboards.test_officer_page", page)
    for who in (None, "pat", "mina", "eddie"):
        body = signed_in(who).page("/test-officer-page").get_data(as_text=True)
        assert "officer things" not in body and ("Not allowed" in body or "Please sign in" in body)
    assert ran == []
    assert "officer things" in signed_in("olga").page("/test-officer-page").get_data(as_text=True)
    roles = guard.page_roles()
    for path in ("/import", "/entry"):
        if path in roles:
            assert roles[path] in ("editor", "officer")


def test_unmarked_post_routes_are_refused():
    """A POST view without @requires never runs (fail closed), even with a valid CSRF token."""
    tiny = Flask("tiny")
    tiny.secret_key = "k"
    ran = []

    @tiny.post("/change")
    def change():
        ran.append(1)
        return "changed"

    @tiny.post("/marked")
    @requires("officer")
    def marked():
        ran.append(2)
        return "changed"
    from flask_login import LoginManager
    LoginManager(tiny).user_loader(lambda user_id: None)
    tiny.before_request(lambda: guard.check_request(APP, tiny))
    client = tiny.test_client()
    with client.session_transaction() as s:
        s["csrf"] = "t"
    assert client.post("/change", headers={"X-CSRFToken": "t"}).status_code == 403
    assert client.post("/marked", headers={"X-CSRFToken": "t"}).status_code == 403   # anonymous, not officer
    assert ran == []


# --- CSRF ---------------------------------------------------------------------------------------------

def test_cross_site_callback_without_the_token_is_refused(council, officer_only_callback):
    olga = signed_in("olga")
    before = snapshot(council)
    assert olga.callback(officer_only_callback, token=None).status_code == 403
    assert olga.callback(officer_only_callback, token="forged-token").status_code == 403
    assert snapshot(council) == before
    assert olga.callback(officer_only_callback).status_code == 200      # the same request with the token works


def test_sign_in_and_sign_out_forms_need_the_token(council):
    visitor = Visitor()
    response = visitor.client.post("/auth/sign-in", data={"username": "mina", "password": PASSWORD})
    assert response.status_code == 403
    assert "Signed in as" not in visitor.page("/login").get_data(as_text=True)
    mina = signed_in("mina")
    assert mina.client.post("/auth/sign-out", data={"csrf_token": "wrong"}).status_code == 403
    assert "Signed in as mina" in mina.page("/login").get_data(as_text=True)
    assert mina.client.post("/auth/sign-out", data={"csrf_token": mina.token}).status_code == 303
    assert "Signed in as" not in mina.page("/login").get_data(as_text=True)


def test_dash_renderer_sends_our_csrf_cookie_in_our_header():
    """Dash 4.1+ copies the cookie `csrf_token_name` into the header `csrf_header_name` on every callback."""
    from security import csrf
    assert (APP.config.csrf_token_name, APP.config.csrf_header_name) == (csrf.COOKIE, csrf.HEADER)


def test_csrf_cookie_is_readable_by_script_and_strict():
    cookie = Visitor().client.get_cookie("_csrf_token")
    assert cookie.value and not cookie.http_only and cookie.same_site == "Strict"


# --- sign-in, sessions ----------------------------------------------------------------------------------

def test_sign_in_redirects_only_within_the_site(council):
    assert signed_in(None).sign_in("mina", next="/measure/HSG01").location == "/measure/HSG01"
    assert signed_in(None).sign_in("mina", next="//evil.example/x").location == "/"
    assert signed_in(None).sign_in("mina", next="https://evil.example/").location == "/"


def test_failed_sign_ins_are_logged_without_the_password_and_rate_limited(council, caplog):
    visitor = Visitor()
    with caplog.at_level(logging.WARNING, logger="security"):
        for _ in range(ratelimit.LIMITS["user"]):
            assert "error=failed" in visitor.sign_in("mina", "wrong-password-xyz").location
        assert "error=limited" in visitor.sign_in("mina", PASSWORD).location          # right password, too late
    assert "mina" in caplog.text and "wrong-password-xyz" not in caplog.text and PASSWORD not in caplog.text
    with council.connect() as conn:   # kept in the database, not in a worker's memory
        # five checked, the sixth refused: the count stops one past the limit (a refusal never extends the window)
        assert conn.execute(text("SELECT count FROM sign_in_counter WHERE key = 'user:mina'")).scalar() == 6
    assert "error=" not in signed_in(None).sign_in("eddie").location   # other accounts are unaffected


def test_rate_limit_in_redis_when_configured(council, monkeypatch):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    monkeypatch.setenv("REDIS_URL", url)
    user = f"redis-test-{time.time_ns()}"
    for _ in range(ratelimit.LIMITS["user"]):
        assert not ratelimit.blocked(user)
        assert ratelimit.account_attempt(user)
    assert ratelimit.blocked(user) and not ratelimit.account_attempt(user)
    with council.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM sign_in_counter")).scalar() == 0
    ratelimit.succeeded(user)
    assert not ratelimit.blocked(user)


def test_sign_in_message_never_echoes_input(council):
    body = Visitor().page("/login", "?error=<script>alert(1)</script>&next=javascript:alert(1)")
    assert "<script>" not in body.get_data(as_text=True) and "javascript:" not in body.get_data(as_text=True)


def test_tampered_session_cookie_is_anonymous(council):
    mina = signed_in("mina")
    cookie = mina.client.get_cookie("session")
    tampered = Visitor()
    tampered.client.set_cookie("session", cookie.value[:-3] + ("AAA" if cookie.value[-3:] != "AAA" else "BBB"))
    assert "Signed in as" not in tampered.page("/login").get_data(as_text=True)
    forger = Flask("forger")
    forger.secret_key = "not-the-real-key"
    from flask.sessions import SecureCookieSessionInterface
    forged = SecureCookieSessionInterface().get_signing_serializer(forger).dumps(
        {"_user_id": "5:whatever", "_fresh": True, "csrf": "t"})
    attacker = Visitor()
    attacker.client.set_cookie("session", forged)
    assert "Signed in as" not in attacker.page("/login").get_data(as_text=True)


def test_a_rotated_session_token_ends_the_session(council):
    mina = signed_in("mina")
    with council.begin() as conn:
        users.set_role(conn, "mina", "member")        # any account change rotates the token
    assert "Signed in as" not in mina.page("/login").get_data(as_text=True)


def test_idle_sessions_expire(council, monkeypatch):
    """A session cookie last renewed longer ago than SESSION_IDLE_MINUTES is no longer accepted."""
    import types

    import itsdangerous.timed
    two_hours_ago = time.time() - 2 * 3600
    monkeypatch.setattr(itsdangerous.timed, "time", types.SimpleNamespace(time=lambda: two_hours_ago))
    mina = signed_in("mina")                              # her cookie is signed with a time two hours back
    monkeypatch.undo()
    assert "Signed in as" not in mina.page("/login").get_data(as_text=True)
    assert "Signed in as" in signed_in("mina").page("/login").get_data(as_text=True)


def test_sessions_expire(council):
    mina = signed_in("mina")
    assert SERVER.permanent_session_lifetime.total_seconds() == 60 * 60     # idle limit: the cookie's max age
    session_cookie = next(c for c in mina.sign_in("mina").headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Expires=" in session_cookie
    with mina.client.session_transaction() as s:
        s["signed_in_at"] = int(time.time()) - 13 * 3600                      # past SESSION_MAX_HOURS
    assert "Signed in as" not in mina.page("/login").get_data(as_text=True)


# --- public mode off ---------------------------------------------------------------------------------------

def test_without_public_mode_everything_needs_sign_in(council, monkeypatch):
    monkeypatch.setenv("PUBLIC_MODE", "0")
    visitor = Visitor()
    response = visitor.client.get("/measure/HSG01")
    assert response.status_code == 302 and response.location.startswith("/login?next=")
    assert visitor.client.get("/login").status_code == 200
    measure = visitor.page("/measure/HSG01").get_data(as_text=True)
    assert "Please sign in" in measure and "0.85" not in measure
    read_key = next(k for k in APP.callback_map if "directorate-trends-body.children" in k)
    assert visitor.callback(read_key).status_code == 401
    mina = signed_in("mina")
    assert mina.client.get("/measure/HSG01").status_code == 200
    assert "Please sign in" not in mina.page("/measure/HSG01").get_data(as_text=True)


# --- injection ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/measure/<script>alert(1)</script>", "/directorate/x' OR '1'='1",
                                  "/measure/HSG01'; DROP TABLE measure; --", "/../../etc/passwd"])
def test_hostile_urls_show_no_trace_and_change_nothing(council, path):
    visitor = signed_in("mina")
    before = snapshot(council)
    index = visitor.client.get(path)
    assert index.status_code in (200, 404) and "<script>alert" not in index.get_data(as_text=True)
    body = visitor.page(path, "?period=<script>alert(1)</script>").get_data(as_text=True)
    assert "Traceback" not in body and "sqlite" not in body.lower() and "SELECT" not in body
    assert snapshot(council) == before


def test_hostile_filter_values_are_plain_data(council):
    with council.connect() as conn:
        from data.core import loaders
        assert loaders.measures(conn, directorate="' OR 1=1 --").empty
        assert loaders.measures(conn, code="HSG01' OR '1'='1").empty
    visitor = signed_in("mina")
    for key, entry in APP.callback_map.items():
        if not entry.get("callback") or "_pages_content" in key:
            continue
        values = {(i["id"], i["property"]): "' OR 1=1; DROP TABLE measure; --<script>alert(1)</script>"
                  for i in entry["inputs"] + entry["state"]}
        body = visitor.callback(key, values).get_data(as_text=True)
        assert not any(leak in body for leak in ("Traceback", "OperationalError", "sqlite3.", 'File "')), key
    with council.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Measure)).scalar() == 61


def test_commentary_with_script_and_sql_is_shown_as_text(council):
    hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>'; DROP TABLE measure; --"
    with council.begin() as conn:
        measure_id = conn.execute(select(Measure.id).where(Measure.code == "HSG01")).scalar()
        conn.execute(insert(Commentary).values(measure_id=measure_id, period="2026/27 Q2", author="x",
                                               text=hostile))
    body = signed_in("mina").page("/measure/HSG01", "?period=2026/27 Q2").get_data(as_text=True)
    assert "dangerously_allow_html" not in body
    with council.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Measure)).scalar() == 61


def test_no_page_renders_raw_html():
    """Text from the database reaches the page as text: no component that parses HTML is used anywhere."""
    offenders = []
    for path in [*ROOT.glob("dashboards/*.py"), *ROOT.glob("callbacks/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.keyword) and node.arg in ("dangerously_allow_html", "srcDoc") and not (
                    isinstance(node.value, ast.Constant) and node.value.value is False):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_request_bodies_are_size_limited(council):
    """A 10 MB file fits as Dash sends it (base64 in JSON); a body much larger is refused before it is read."""
    visitor = Visitor()
    headers = {"X-CSRFToken": visitor.token, "Content-Type": "application/json"}
    fits = visitor.client.post("/_dash-update-component", data=b"x" * (10 * 1024 * 1024 * 4 // 3), headers=headers)
    assert fits.status_code != 413
    too_big = visitor.client.post("/_dash-update-component", data=b"x" * (16 * 1024 * 1024), headers=headers)
    assert too_big.status_code == 413


# --- headers, cookies, errors ------------------------------------------------------------------------------

def test_security_headers_and_csp_allow_only_our_scripts(council):
    response = Visitor().client.get("/")
    csp = response.headers["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src and "'sha256-" in script_src
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers        # plain http (make run)


def test_assets_named_by_their_version_are_kept_the_pages_never(council):
    """The page names each asset with its file's modification time, so a browser keeps it for a year (the 1.2 MB
    Plotly bundle is not asked for again on every page); the pages themselves are never stored."""
    import re

    page = Visitor().client.get("/")
    assert page.headers["Cache-Control"] == "no-store"
    named = re.findall(r'src="(/assets/[^"?]+\?m=[^"]+)"', page.get_data(as_text=True))
    assert any("plotly" in n for n in named), named
    for url in named:
        response = Visitor().client.get(url)
        assert response.status_code == 200 and response.headers["Cache-Control"] == \
            "public, max-age=31536000, immutable", url
    bare = Visitor().client.get(named[0].split("?")[0])
    assert "max-age=31536000" not in (bare.headers.get("Cache-Control") or "")      # no version: revalidated
    assert "max-age" not in (Visitor().client.get("/assets/no-such-file.js?m=1").headers.get("Cache-Control") or "")


def test_session_cookie_flags_follow_the_connection(council, monkeypatch):
    plain = Visitor()
    cookie = next(c for c in plain.sign_in("mina").headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    tls = Visitor("https://localhost")
    response = tls.sign_in("mina")
    session_cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in session_cookie and "HttpOnly" in session_cookie
    assert "Strict-Transport-Security" in response.headers
    monkeypatch.setenv("COOKIE_SECURE", "1")
    assert all("Secure" in c for c in Visitor().sign_in("mina").headers.getlist("Set-Cookie"))


def test_errors_show_a_reference_never_a_trace(council, caplog):
    @requires("member")
    def explode(n_clicks):
        with db.connect() as conn:
            conn.execute(text("SELECT * FROM no_such_table_xyz"))

    Visitor()
    key = "test-security-boom.children"
    APP.callback(Output("test-security-boom", "children"), Input("test-security-boom-button", "n_clicks"))(explode)
    try:
        with caplog.at_level(logging.ERROR, logger="security"):
            response = signed_in("mina").callback(key, {("test-security-boom-button", "n_clicks"): 1})
    finally:
        APP.callback_map.pop(key, None)
        APP._callback_list[:] = [c for c in APP._callback_list if c["output"] != key]
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and "error reference" in body
    assert "no_such_table_xyz" not in body and "Traceback" not in body and "SELECT" not in body
    assert "no_such_table_xyz" in caplog.text                        # the detail goes to the log only


def test_forbidden_from_the_data_layer_is_a_403(council):
    @requires("editor")
    def save_other_service(n_clicks):
        access.require_edit(identity.viewer(), 10_000)        # a service this editor does not hold
        with db.engine().begin() as conn:
            access.set_council_setting(conn, "show_officer_names", "0")

    Visitor()
    key = "test-security-edit.children"
    APP.callback(Output("test-security-edit", "children"), Input("test-security-edit-button", "n_clicks"))(
        save_other_service)
    try:
        otto = signed_in("otto")
        before = snapshot(council)
        response = otto.callback(key, {("test-security-edit-button", "n_clicks"): 1})
        assert response.status_code == 403 and snapshot(council) == before
    finally:
        APP.callback_map.pop(key, None)
        APP._callback_list[:] = [c for c in APP._callback_list if c["output"] != key]


# --- command line ------------------------------------------------------------------------------------------

def test_cli_creates_users_sets_roles_and_publishes(council):
    runner = SERVER.test_cli_runner()
    result = runner.invoke(args=["create-user", "Sue", "--role", "editor", "--service",
                                 "housing-management", "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "error=" not in Visitor().sign_in("sue").location
    assert runner.invoke(args=["create-user", "sue2", "--password-stdin"], input="short\n").exit_code == 2
    assert runner.invoke(args=["set-role", "sue", "officer"]).exit_code == 0
    assert runner.invoke(args=["set-role", "sue", "admin"]).exit_code == 2
    assert runner.invoke(args=["publish-period", "2026/27 Q3", "--by", "olga"]).output.startswith("Published 2026/27 Q3")
    assert runner.invoke(args=["publish-period", "not a period"]).exit_code == 2
    assert runner.invoke(args=["council-setting", "show_officer_names", "0"]).output.strip() == "show_officer_names = 0"
    listing = runner.invoke(args=["users"]).output
    assert "sue" in listing and "officer" in listing and PASSWORD not in listing
    with council.connect() as conn:
        assert "2026/27 Q3" in {p.label for p in access.published_quarters(conn)}


# --- editors change their own services and no others (the data-entry page, when present) --------------------

def _callback_with_input(component_id: str, prop: str) -> str | None:
    return next((k for k, e in all_callbacks().items()
                 if e.get("callback") and {"id": component_id, "property": prop} in e["inputs"]), None)


def test_an_editor_cannot_save_values_for_another_service(council):
    from dashboards import ids
    if not hasattr(ids, "ENTRY_SAVE") or not _callback_with_input(ids.ENTRY_SAVE, "n_clicks"):
        pytest.skip("no data-entry page in this checkout")
    with council.connect() as conn:
        slug = conn.execute(select(Service.slug).order_by(Service.id)).scalars().first()   # eddie's, not otto's
    eddie, otto = signed_in("eddie"), signed_in("otto")
    month = "2026-10"                                        # no figures yet: every row is open
    grid = eddie.callback(_callback_with_input(ids.ENTRY_SERVICE, "value"),
                          {(ids.ENTRY_SERVICE, "value"): slug, (ids.ENTRY_MONTH, "value"): month})
    rows = grid.get_json()["response"][ids.ENTRY_GRID]["rowData"]
    editable = [r for r in rows if not r.get("locked")]
    assert editable, "the test needs a draft-able row"
    typed = [{**r, "value": "123.45"} if r is editable[0] else r for r in rows]
    save = _callback_with_input(ids.ENTRY_SAVE, "n_clicks")
    values = {(ids.ENTRY_SAVE, "n_clicks"): 1, (ids.ENTRY_SERVICE, "value"): slug,
              (ids.ENTRY_MONTH, "value"): month, (ids.ENTRY_GRID, "rowData"): typed}
    intruders = (otto, signed_in("mina"), signed_in("pat"), Visitor())
    before = snapshot(council)
    for intruder in intruders:
        response = intruder.callback(save, values)
        assert response.status_code in (200, 401, 403)
        assert snapshot(council) == before
    assert eddie.callback(save, values).status_code == 200
    assert snapshot(council) != before                      # the same request from the service's own editor saves
