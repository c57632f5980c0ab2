"""The access attacks of issue 13, repeated from outside: gunicorn with two workers (as deployed) on a free port,
real HTTP clients (requests), threads for the parallel ones, and a Redis of the test's own that it stops and
starts again. Each attack is also made once as the rightful user, so every test can fail."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import insert, select, text

from benchmarks.server import free_port, serve
from dashboards import ids
from data.core import db
from data.core.models import Commentary, Measure, Service
from data.people import users
from security import ratelimit
from tests.conftest import database_url, make_database, private_copy

PASSWORD = "correct horse battery staple"
SECRET_DRAFT = "SECRET-DRAFT-finance-commentary-7f3a"
MONTH = "2026-10"


def make_council(eng) -> dict:
    """Users and a draft commentary in otto's service; returns the two services' slugs."""
    with eng.begin() as conn:
        services = conn.execute(select(Service.id, Service.slug).order_by(Service.id)).all()
        users.create(conn, "eddie", PASSWORD, role="editor", services=[services[0].slug])
        users.create(conn, "otto", PASSWORD, role="editor", services=[services[1].slug])
        users.create(conn, "olga", PASSWORD, role="officer")
        users.create(conn, "mina", PASSWORD, role="member")
        measure = conn.execute(select(Measure.id).where(Measure.service_id == services[1].id,
                                                        Measure.frequency == "monthly")).scalars().first()
        conn.execute(insert(Commentary).values(measure_id=measure, period=MONTH, author="otto", text=SECRET_DRAFT))
    return {"eddie": services[0].slug, "otto": services[1].slug}


@pytest.fixture(scope="module")
def council(demo_sqlite_url, tmp_path_factory):
    folder = tmp_path_factory.mktemp("attacks")
    url = private_copy(demo_sqlite_url, folder / "council.db")
    eng = db.make_engine(url)
    slugs = make_council(eng)
    log = open(folder / "server.log", "w+")
    with serve(url, workers=2, TRUSTED_PROXIES="127.0.0.1", REDIS_URL=None, PUBLIC_MODE="1", stderr=log) as base:
        yield {"base": base, "engine": eng, "slugs": slugs, "log": folder / "server.log"}
    log.close()
    eng.dispose()


class Browser:
    """One person's browser: cookies, the CSRF header, and callbacks as Dash's renderer posts them."""

    def __init__(self, base: str, forwarded_for: str | None = None):
        self.base, self.http = base, requests.Session()
        if forwarded_for:
            self.http.headers["X-Forwarded-For"] = forwarded_for
        self.http.get(base + "/login", timeout=30).raise_for_status()
        self.http.headers["X-CSRFToken"] = self.http.cookies.get("_csrf_token")
        self._deps = None

    def sign_in(self, username: str, password: str = PASSWORD, next_path: str | None = None) -> str:
        """The Location the sign-in form answers with (303)."""
        data = {"username": username, "password": password, "csrf_token": self.http.cookies.get("_csrf_token")}
        if next_path is not None:
            data["next"] = next_path
        response = self.http.post(self.base + "/auth/sign-in", data=data, allow_redirects=False, timeout=60)
        assert response.status_code == 303, (response.status_code, response.text[:200])
        self.http.headers["X-CSRFToken"] = self.http.cookies.get("_csrf_token")
        return response.headers["Location"]

    def sign_out(self):
        response = self.http.post(self.base + "/auth/sign-out", data={"csrf_token": self.http.cookies.get(
            "_csrf_token")}, allow_redirects=False, timeout=30)
        assert response.status_code == 303

    def callback(self, output: str, values: dict, duplicate: bool = False) -> requests.Response:
        """POST the callback whose output is `output` (with `duplicate`: its allow_duplicate copy, `output@...`)."""
        if self._deps is None:
            self._deps = self.http.get(self.base + "/_dash-dependencies", timeout=30).json()
        dep = next(d for d in self._deps if (d["output"].startswith(output + "@") if duplicate
                                             else d["output"] == output))
        outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]}
                   for p in dep["output"].strip(".").split("...")]
        body = {"output": dep["output"], "outputs": outputs if dep["output"].startswith("..") else outputs[0],
                "inputs": [{**i, "value": values.get(i["id"])} for i in dep["inputs"]],
                "state": [{**s, "value": values.get(s["id"])} for s in dep["state"]],
                "changedPropIds": [f"{dep['inputs'][0]['id']}.{dep['inputs'][0]['property']}"]}
        return self.http.post(self.base + "/_dash-update-component", json=body, timeout=60)

    def entry_form(self, service: str) -> requests.Response:
        return self.callback(f"{ids.ENTRY_GRID}.rowData", {ids.ENTRY_SERVICE: service, ids.ENTRY_MONTH: MONTH})

    def who(self) -> str:
        """The sign-in page's account line, as the pages router draws it ("" when signed out)."""
        deps = self._deps or self.http.get(self.base + "/_dash-dependencies", timeout=30).json()
        dep = next(d for d in deps if "_pages_content.children" in d["output"])
        body = {"output": dep["output"], "outputs": [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]}
                                                     for p in dep["output"].strip(".").split("...")],
                "inputs": [{**dep["inputs"][0], "value": "/login"}, {**dep["inputs"][1], "value": ""}],
                "state": [{**s, "value": None} for s in dep["state"]],
                "changedPropIds": ["_pages_location.pathname"]}
        response = self.http.post(self.base + "/_dash-update-component", json=body, timeout=60)
        text_ = response.text
        return text_[text_.find("Signed in as"):][:40] if "Signed in as" in text_ else ""


# --- (a) another service's data-entry form, by a crafted callback ---------------------------------------------

def test_an_editor_cannot_read_another_services_form_or_usual_ranges(council):
    eddie, otto = Browser(council["base"]), Browser(council["base"])
    assert eddie.sign_in("eddie") == "/" and otto.sign_in("otto") == "/"
    theirs, own = council["slugs"]["otto"], council["slugs"]["eddie"]
    own_form = otto.entry_form(theirs)
    assert own_form.status_code == 200 and SECRET_DRAFT in own_form.text        # the rightful editor sees it
    crafted = eddie.entry_form(theirs)
    assert crafted.status_code == 403 and SECRET_DRAFT not in crafted.text
    rows = own_form.json()["response"][ids.ENTRY_GRID]["rowData"]
    typed = [{**r, "value": "999999"} for r in rows]
    ranges = eddie.callback(f"{ids.ENTRY_GRID}.rowData", {ids.ENTRY_SERVICE: theirs, ids.ENTRY_MONTH: MONTH,
                                                           ids.ENTRY_GRID: typed}, duplicate=True)
    assert ranges.status_code == 403 and "usual range" not in ranges.text
    checked = otto.callback(f"{ids.ENTRY_GRID}.rowData", {ids.ENTRY_SERVICE: theirs, ids.ENTRY_MONTH: MONTH,
                                                           ids.ENTRY_GRID: typed}, duplicate=True)
    assert checked.status_code == 200 and "usual range" in checked.text
    assert eddie.entry_form(own).status_code == 200                               # his own service works
    for crafted_service in ([theirs], {"slug": theirs}, theirs.upper(), theirs + " ", "' OR 1=1 --"):
        response = eddie.entry_form(crafted_service)
        assert response.status_code == 403 and SECRET_DRAFT not in response.text, crafted_service
    assert Browser(council["base"]).entry_form(theirs).status_code in (401, 403)  # anonymous


# --- (b) sign-out ends the session on the server ----------------------------------------------------------------

def test_a_cookie_copied_before_sign_out_no_longer_works_on_any_worker(council):
    mina = Browser(council["base"])
    mina.sign_in("mina")
    assert mina.who().startswith("Signed in as mina")
    copied = dict(mina.http.cookies)
    thief = Browser(council["base"])
    thief.http.cookies.clear()
    for name, value in copied.items():
        thief.http.cookies.set(name, value)
    thief.http.headers["X-CSRFToken"] = copied["_csrf_token"]
    assert thief.who().startswith("Signed in as mina")      # the copy works while she is signed in
    mina.sign_out()
    for _ in range(6):                                      # two workers: each of them must refuse it
        assert thief.who() == ""
    again = Browser(council["base"])
    again.sign_in("mina")                                   # a new sign-in is a new session, which works
    assert again.who().startswith("Signed in as mina")
    with council["engine"].connect() as conn:               # and the ended one is gone from the database
        assert conn.execute(text("SELECT COUNT(*) FROM user_session s JOIN app_user u ON u.id = s.user_id "
                                 "WHERE u.username = 'mina'")).scalar() == 1


# --- (c) next= never leaves the site ---------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["/\t/evil.example", "//evil.example", "\\\\evil.example", "/\\evil.example",
                                    "https:evil.example", "https://evil.example/", "/%2F/evil.example",
                                    "%2F%2Fevil.example", "/%09/evil.example", "/%5Cevil.example",
                                    "/%252F%252Fevil.example", "/\n/evil.example", "/\r\n/evil.example",
                                    " //evil.example", "javascript:alert(1)", "/\x00//evil.example"])
def test_next_never_redirects_off_site(council, target):
    location = Browser(council["base"]).sign_in("mina", next_path=target)
    assert location == "/", (target, location)


def test_next_keeps_a_path_on_this_site(council):
    from urllib.parse import unquote
    location = Browser(council["base"]).sign_in("mina", next_path="/measure/HSG01?period=2026/27 Q2")
    assert unquote(location) == "/measure/HSG01?period=2026/27 Q2"


# --- (d) parallel wrong passwords, (e) address limits behind a proxy --------------------------------------------------

def parallel_wrong_passwords(base: str, username: str, n: int = 16) -> list[str]:
    """n browsers (own sessions, own addresses) send a wrong password for one account at the same moment."""
    browsers = [Browser(base, forwarded_for=f"198.51.100.{i + 1}") for i in range(n)]
    start, results = threading.Barrier(n), [None] * n

    def attempt(i):
        start.wait()
        results[i] = browsers[i].sign_in(username, "wrong password, nearly right")

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def outcome_counts(locations: list[str]) -> dict:
    return {"failed": sum("error=failed" in loc for loc in locations),
            "limited": sum("error=limited" in loc for loc in locations)}


def test_parallel_wrong_passwords_never_exceed_the_account_limit(council):
    counts = outcome_counts(parallel_wrong_passwords(council["base"], "otto"))
    assert counts == {"failed": ratelimit.LIMITS["user"], "limited": 16 - ratelimit.LIMITS["user"]}, counts
    assert "error=limited" in Browser(council["base"]).sign_in("otto")            # right password: in the window


def test_made_up_names_from_one_address_do_not_lock_out_the_officer(council):
    office = "203.0.113.7"                                  # everyone behind the council's proxy, as XFF says
    attacker = Browser(council["base"], forwarded_for=office)
    outcomes = [attacker.sign_in(f"nobody-{i}", "guess-guess-guess") for i in range(ratelimit.LIMITS["ip"] + 3)]
    assert outcome_counts(outcomes) == {"failed": ratelimit.LIMITS["ip"], "limited": 3}
    assert "error=limited" in Browser(council["base"], forwarded_for=office).sign_in("nobody-else", "x" * 12)
    officer = Browser(council["base"], forwarded_for=office)
    assert officer.sign_in("olga") == "/" and officer.who().startswith("Signed in as olga")
    # another address is counted apart; an X-Forwarded-For is believed only from a trusted proxy (127.0.0.1 here)
    assert "error=failed" in Browser(council["base"], forwarded_for="192.0.2.50").sign_in("nobody-1", "x" * 12)


# --- the same limits on PostgreSQL, and atomic in Redis ----------------------------------------------------------------

@pytest.fixture
def postgres_server(demo_sqlite_url, tmp_path):
    """gunicorn (two workers) on a PostgreSQL database of its own holding the demo council's users."""
    eng, cleanup = make_database("postgresql", tmp_path)
    make_council_minimal(eng)
    try:
        with serve(database_url(eng), workers=2, REDIS_URL=None, SECRET_KEY="pg-attack-secret") as base:
            yield base
    finally:
        cleanup()


def make_council_minimal(eng):
    with eng.begin() as conn:
        users.create(conn, "otto", PASSWORD, role="member")


def test_parallel_wrong_passwords_on_postgresql(postgres_server):
    counts = outcome_counts(parallel_wrong_passwords(postgres_server, "otto"))
    assert counts == {"failed": ratelimit.LIMITS["user"], "limited": 16 - ratelimit.LIMITS["user"]}, counts


# --- (f) Redis stopped and started again -----------------------------------------------------------------------------

@contextlib.contextmanager
def own_redis(port: int, folder: Path):
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(folder)], stdout=subprocess.DEVNULL)
    try:
        for _ in range(200):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            time.sleep(0.05)
        yield proc
    finally:
        proc.terminate()
        proc.wait(10)


def test_sign_in_survives_redis_stopping_and_uses_it_again_when_it_returns(demo_sqlite_url, tmp_path):
    import redis as redis_lib
    url = private_copy(demo_sqlite_url, tmp_path / "council.db")
    eng = db.make_engine(url)
    make_council(eng)
    port = free_port()
    redis_url = f"redis://127.0.0.1:{port}/0"
    log_path = tmp_path / "server.log"
    with open(log_path, "w") as log, serve(url, workers=2, REDIS_URL=redis_url, stderr=log) as base:
        with own_redis(port, tmp_path):
            assert Browser(base).sign_in("mina") == "/"
            assert "error=failed" in Browser(base).sign_in("otto", "wrong password here")
            assert redis_lib.Redis.from_url(redis_url).get("signin:user:otto") == b"1"   # counted in Redis
        # Redis is stopped: signing in still works, and the limits still hold (now in the database)
        pages = [Browser(base).http.get(base + "/", timeout=30) for _ in range(4)]
        assert {p.status_code for p in pages} == {200}
        assert Browser(base).sign_in("mina") == "/"
        outcomes = [Browser(base).sign_in("eddie", "wrong password here") for _ in range(ratelimit.LIMITS["user"]
                                                                                         + 2)]
        assert outcome_counts(outcomes) == {"failed": ratelimit.LIMITS["user"], "limited": 2}
        with eng.connect() as conn:
            assert conn.execute(text("SELECT count FROM sign_in_counter WHERE key = 'user:eddie'")).scalar() == 6
        with own_redis(port, tmp_path):                    # back on the same address
            time.sleep(5.5)                                 # cache.RETRY_SECONDS: each worker tries again
            for _ in range(4):
                assert Browser(base).sign_in("olga") == "/"
                assert "error=failed" in Browser(base).sign_in("mina", "wrong password here")
            assert int(redis_lib.Redis.from_url(redis_url).get("signin:user:mina")) >= 1
    logged = log_path.read_text()
    assert "Traceback" not in logged and '"status": 500' not in logged
    down, back = logged.count("Redis is unavailable"), logged.count("Redis answers again")
    assert 1 <= down <= 2 and 1 <= back <= 2, (down, back)       # once per worker and outage, not per request
    eng.dispose()


def test_forwarded_for_is_believed_only_from_trusted_proxies(monkeypatch):
    from app import server
    from security.auth import client_ip
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")
    cases = [("198.51.100.9", "1.2.3.4", "198.51.100.9"),          # not our proxy: its header is ignored
             ("10.0.0.2", "1.2.3.4", "1.2.3.4"),
             ("10.0.0.2", "6.6.6.6, 1.2.3.4, 10.0.0.5", "1.2.3.4"),  # the nearest untrusted hop, not the first
             ("10.0.0.2", "203.0.113.1, not-an-address", "10.0.0.2"),
             ("10.0.0.2", "", "10.0.0.2")]
    for remote, forwarded, expected in cases:
        with server.test_request_context("/", environ_base={"REMOTE_ADDR": remote},
                                         headers={"X-Forwarded-For": forwarded} if forwarded else {}):
            assert client_ip() == expected, (remote, forwarded)
    monkeypatch.setenv("TRUSTED_PROXIES", "")
    with server.test_request_context("/", environ_base={"REMOTE_ADDR": "10.0.0.2"},
                                     headers={"X-Forwarded-For": "1.2.3.4"}):
        assert client_ip() == "10.0.0.2"
