"""More than one host: two app servers on loopback addresses of their own (127.0.0.2 and 127.0.0.3) behind
Debian's nginx, sharing one PostgreSQL database (a schema of its own) and a Redis of their own.

A change made through one host is seen through the other on the next request; a session started on one works
on the other; the sign-in rate limit counts failures on both; stopping one loses no request."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid

import pytest
import requests
from sqlalchemy import create_engine, text

from benchmarks.callbacks import Client
from benchmarks.server import ROOT, redis_server, serve
from dashboards import ids
from data.core import db
from data.demo import council as demo
from data.people import users
from security.ratelimit import LIMITS
from tests.conftest import PG_URL
from tests.deploy.hosts import nginx

pytestmark = pytest.mark.postgres
PASSWORD = "correct horse battery staple"
SECRET = "two-hosts-" + uuid.uuid4().hex
HOSTS = ("127.0.0.2", "127.0.0.3")


@pytest.fixture(scope="module")
def council_url():
    """The demo council in a PostgreSQL schema of its own, with two officers; dropped afterwards."""
    schema = f"t_hosts_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{PG_URL}?options=-csearch_path%3D{schema}"
    eng = db.make_engine(url)
    try:
        db.upgrade(eng)
        demo.load(eng)
        with eng.begin() as conn:
            for name in ("mina", "sam"):
                users.create(conn, name, PASSWORD, role="officer")
        eng.dispose()
        yield url
    finally:
        eng.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="module")
def cluster(council_url, tmp_path_factory):
    """{"hosts": [url, url], "proxy": url, "processes": [gunicorn, gunicorn], "env": host environment}."""
    folder = tmp_path_factory.mktemp("hosts")
    processes = []
    with redis_server(folder) as redis_url:
        env = {"REDIS_URL": redis_url, "SECRET_KEY": SECRET, "TRUSTED_PROXIES": "127.0.0.1"}
        with serve(council_url, 1, HOSTS[0], processes, **env) as first, \
                serve(council_url, 1, HOSTS[1], processes, **env) as second:
            upstreams = [u.removeprefix("http://") for u in (first, second)]
            with nginx(folder / "nginx", upstreams) as proxy:
                yield {"hosts": [first, second], "proxy": proxy, "processes": processes,
                       "env": {**env, "DATABASE_URL": council_url}}


def headline(client: Client) -> str:
    client.overview("")
    return client.find(ids.OVERVIEW_HEADLINE)["children"]


def sign_in(base: str, username: str, password: str = PASSWORD) -> requests.Response:
    http = requests.Session()
    http.get(base + "/login", timeout=10).raise_for_status()
    response = http.post(base + "/auth/sign-in", timeout=10, allow_redirects=False,
                         data={"username": username, "password": password,
                               "csrf_token": http.cookies.get("_csrf_token")})
    response.cookies_jar = http.cookies
    return response


def test_production_refuses_to_start_without_a_secret_key(council_url):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, capture_output=True, text=True,
                            env={**env, "DATABASE_URL": council_url, "ENVIRONMENT": "auto"}, timeout=60)
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


def test_both_hosts_and_the_proxy_are_ready(cluster):
    for base in (*cluster["hosts"], cluster["proxy"]):
        answer = requests.get(base + "/ready", timeout=10)
        assert answer.status_code == 200, answer.text
        assert set(answer.json()["checks"]) == {"database", "redis"}
        assert requests.get(base + "/health", timeout=10).json() == {"status": "ok"}


def test_a_change_through_one_host_is_seen_through_the_other(cluster):
    first, second = (Client(base) for base in cluster["hosts"])
    assert headline(first).startswith("2026/27 Q2") and headline(second).startswith("2026/27 Q2")
    # An officer on the first host withdraws the latest quarter from public view (its command line, its settings).
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "unpublish-period", "2026/27 Q2"], cwd=ROOT,
                   env={**os.environ, **cluster["env"]}, check=True, capture_output=True, timeout=60)
    try:
        assert headline(second).startswith("2026/27 Q1")
        assert headline(Client(cluster["proxy"])).startswith("2026/27 Q1")
    finally:
        subprocess.run([sys.executable, "-m", "flask", "--app", "app", "publish-period", "2026/27 Q2"], cwd=ROOT,
                       env={**os.environ, **cluster["env"]}, check=True, capture_output=True, timeout=60)
    assert headline(first).startswith("2026/27 Q2")


def test_signing_in_on_one_host_works_on_the_other(cluster):
    first, second = cluster["hosts"]
    response = sign_in(first, "mina")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    elsewhere = Client(second)
    elsewhere.http.cookies.clear()   # the browser's cookies from the first host, sent to the second
    for cookie in response.cookies_jar:
        elsewhere.http.cookies.set(cookie.name, cookie.value)
    elsewhere.http.headers["X-CSRFToken"] = response.cookies_jar.get("_csrf_token")
    elsewhere.page("/login")
    assert "Signed in as mina" in elsewhere.last.text


def test_the_sign_in_rate_limit_counts_failures_on_both_hosts(cluster):
    first, second = cluster["hosts"]
    for attempt in range(LIMITS["user"]):
        refused = sign_in((first, second)[attempt % 2], "sam", "wrong password")
        assert "error=failed" in refused.headers["Location"]
    for base in (first, second):
        assert "error=limited" in sign_in(base, "sam").headers["Location"]   # even the right password


def test_stopping_one_host_loses_no_request(cluster):
    statuses, stop = [], threading.Event()

    def visitor():
        with requests.Session() as http:
            for _ in range(400):
                if stop.is_set():
                    return
                statuses.append(http.get(cluster["proxy"] + "/_dash-layout", timeout=10).status_code)

    thread = threading.Thread(target=visitor)
    thread.start()
    time.sleep(1.0)
    first = cluster["processes"][0]
    first.terminate()   # SIGTERM: gunicorn finishes the requests in flight, then exits
    first.wait(30)
    time.sleep(1.0)
    stop.set()
    thread.join(30)
    assert first.returncode is not None and len(statuses) > 20
    assert statuses.count(200) == len(statuses), sorted(set(statuses))
    assert requests.get(cluster["proxy"] + "/ready", timeout=10).status_code == 200
