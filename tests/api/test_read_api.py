"""The read API (/api/v1/) through the real app's test client, on SQLite and PostgreSQL: what anonymous callers
and an officer's key read, the formats, cache headers, keys and the rate limit."""

from __future__ import annotations

import csv
import io
import json
import uuid

import pytest
from sqlalchemy import select, text

from data.core.models import ApiKey
from data.people import api_keys, users
from tests.api.conftest import (CODE, FORMULA_NOTE, HOUSING, PUBLIC_ACTION, PUBLIC_DIRECTOR, PUBLIC_NOTE, Q1, Q2,
                                SECRET_ACTION, SECRET_INTERNAL_NOTE, SECRET_Q2_NOTE, SECRET_VALUE, SECRETS,
                                wipe_rate_counts)

ENDPOINTS = ["/api/v1/measures", f"/api/v1/measures/{CODE}", f"/api/v1/measures/{CODE}/values",
             "/api/v1/periods", "/api/v1/directorates", "/api/v1/summary", "/api/v1/commentary", "/api/v1/actions"]
# Every way of asking for the unpublished quarter, or for the notes about it.
ASKING_FOR_Q2 = ["/api/v1/summary?period=2026/27 Q2", "/api/v1/summary?period=2026/27",
                 f"/api/v1/summary?period=2026/27 Q2&directorate={HOUSING}",
                 f"/api/v1/measures/{CODE}/values?kind=quarter&from=2026/27 Q2",
                 f"/api/v1/measures/{CODE}/values?kind=month", f"/api/v1/measures/{CODE}/values?to=2027/28",
                 "/api/v1/commentary?period=2026/27 Q2", f"/api/v1/commentary?measure={CODE}",
                 f"/api/v1/commentary?directorate={HOUSING}", "/api/v1/commentary?period=2026/27",
                 f"/api/v1/actions?measure={CODE}", f"/api/v1/actions?directorate={HOUSING}",
                 "/api/v1/summary?period=2026-08", "/api/v1/periods"]
KEY = "X-API-Key"


def test_anonymous_callers_never_read_unpublished_figures_or_commentary(client):
    for path in ENDPOINTS + ASKING_FOR_Q2:
        for fmt in ("json", "csv"):
            joiner = "&" if "?" in path else "?"
            answer = client.get(f"{path}{joiner}format={fmt}")
            assert answer.status_code in (200, 404), (path, answer.status_code)
            body = answer.get_data(as_text=True)
            leaked = [s for s in SECRETS if s in body]
            assert leaked == [], (path, fmt, leaked)


def test_anonymous_callers_read_the_published_commentary_and_actions(client):
    notes = client.get("/api/v1/commentary").get_json()
    assert {PUBLIC_NOTE, FORMULA_NOTE, PUBLIC_DIRECTOR} <= {n["text"] for n in notes}
    assert {n["kind"] for n in notes} == {"measure", "director"}
    assert [a["title"] for a in client.get("/api/v1/actions").get_json()] == [PUBLIC_ACTION]
    assert client.get("/api/v1/summary?period=2026/27 Q2").status_code == 404
    assert client.get("/api/v1/summary").get_json()["period"] == Q1


def test_an_officers_key_reads_unpublished_figures_and_internal_commentary(client, council):
    headers = {KEY: council.key}
    figures = client.get(f"/api/v1/measures/{CODE}/values?kind=quarter", headers=headers).get_json()
    assert {"period": Q2, "value": SECRET_VALUE} in [{"period": f["period"], "value": f["value"]} for f in figures]
    texts = {n["text"] for n in client.get("/api/v1/commentary", headers=headers).get_json()}
    assert {SECRET_INTERNAL_NOTE, SECRET_Q2_NOTE, PUBLIC_NOTE} <= texts
    assert SECRET_ACTION in {a["title"] for a in client.get("/api/v1/actions", headers=headers).get_json()}
    answer = client.get("/api/v1/summary?period=2026/27 Q2", headers=headers)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "private, no-cache"


@pytest.mark.parametrize("period", [Q1, "2025/26"])
def test_summary_counts_are_those_of_the_summary_command(client, council, period):
    import app as application
    ran = application.server.test_cli_runner().invoke(args=["summary", "--json", "--period", period])
    assert ran.exit_code == 0, ran.output
    expected = json.loads(ran.output)
    for headers in ({}, {KEY: council.key}):   # Q1 and 2025/26 are published: the public sees the same
        got = client.get(f"/api/v1/summary?period={period}", headers=headers).get_json()
        assert got["counts"] == expected["counts"] and got["total"] == expected["total"]
        assert got == expected
    scoped = client.get(f"/api/v1/summary?period={period}&directorate={HOUSING}").get_json()
    assert scoped["total"] == sum(1 for m in expected["measures"] if m["directorate"] == "Housing and Communities")


def test_officer_names_follow_the_council_setting(client, council):
    from data.people import access
    assert "Ann Author" in {n["author"] for n in client.get("/api/v1/commentary").get_json()}
    with council.engine.begin() as conn:
        access.set_council_setting(conn, "show_officer_names", "0")
    try:
        body = "".join(client.get(p).get_data(as_text=True) for p in ENDPOINTS)
        assert "Ann Author" not in body and "Owen Owner" not in body and "Dee Director" not in body
        assert client.get(f"/api/v1/measures/{CODE}").get_json()["owner"] is None
        keyed = client.get("/api/v1/commentary", headers={KEY: council.key}).get_json()
        assert "Ann Author" in {n["author"] for n in keyed}   # officers see names
    finally:
        with council.engine.begin() as conn:
            access.set_council_setting(conn, "show_officer_names", "1")


def test_csv_by_parameter_or_accept_header_with_formulas_neutralised(client):
    by_param = client.get("/api/v1/commentary?format=csv")
    by_header = client.get("/api/v1/commentary", headers={"Accept": "text/csv"})
    assert by_param.mimetype == by_header.mimetype == "text/csv"
    assert by_param.get_data() == by_header.get_data()
    rows = list(csv.DictReader(io.StringIO(by_param.get_data(as_text=True))))
    assert "'" + FORMULA_NOTE in {r["text"] for r in rows}
    assert FORMULA_NOTE not in {r["text"] for r in rows}
    summary = list(csv.DictReader(io.StringIO(client.get("/api/v1/summary?format=csv").get_data(as_text=True))))
    assert len(summary) == client.get("/api/v1/summary").get_json()["total"]
    assert client.get("/api/v1/measures", headers={"Accept": "application/json"}).mimetype == "application/json"


def test_etag_and_cache_headers(client):
    first = client.get("/api/v1/measures")
    assert first.headers["Cache-Control"] == "public, max-age=60" and first.headers["ETag"]
    assert "Set-Cookie" not in first.headers
    again = client.get("/api/v1/measures", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    other = client.get("/api/v1/measures?format=csv", headers={"If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200 and other.headers["ETag"] != first.headers["ETag"]


def test_bad_revoked_or_orphaned_keys_are_refused(client, council):
    assert client.get("/api/v1/measures", headers={KEY: "cpd_not-a-key"}).status_code == 401
    with council.engine.begin() as conn:
        key, prefix = api_keys.create(conn, "olga", "short-lived")
        stored = conn.execute(select(ApiKey.key_hash).where(ApiKey.prefix == prefix)).scalar()
    assert stored == api_keys.digest(key) and key not in stored
    assert client.get("/api/v1/measures", headers={KEY: key}).status_code == 200
    with council.engine.begin() as conn:
        assert api_keys.revoke(conn, prefix)
    refused = client.get("/api/v1/measures", headers={KEY: key})
    assert refused.status_code == 401 and refused.get_json()["code"] == 401
    with council.engine.begin() as conn:
        users.create(conn, f"temp{uuid.uuid4().hex[:6]}", None, role="officer")
        name = conn.execute(text("SELECT username FROM app_user WHERE username LIKE 'temp%'")).scalar()
        key, _ = api_keys.create(conn, name, "orphan")
        users.set_active(conn, name, False)
    assert client.get("/api/v1/measures", headers={KEY: key}).status_code == 401


def test_keys_are_for_officers(council):
    with council.engine.begin() as conn:
        users.create(conn, f"mem{uuid.uuid4().hex[:6]}", None, role="member")
        name = conn.execute(text("SELECT username FROM app_user WHERE username LIKE 'mem%'")).scalar()
        with pytest.raises(users.UserError, match="officers"):
            api_keys.create(conn, name, "nope")


def test_without_public_mode_only_keys_and_sessions_read(client, council, monkeypatch):
    monkeypatch.setenv("PUBLIC_MODE", "0")
    refused = client.get("/api/v1/measures")
    assert refused.status_code == 401 and refused.mimetype == "application/json"
    assert "HSG01" not in refused.get_data(as_text=True)
    assert client.get("/api/v1/measures", headers={KEY: council.key}).status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200   # the description holds no figures


def test_the_rate_limit_counts_in_the_database(client, council, monkeypatch):
    monkeypatch.setenv("API_RATE_LIMIT", "3")
    wipe_rate_counts(council.engine)
    address = {"REMOTE_ADDR": "10.9.8.7"}
    for remaining in (2, 1, 0):
        answer = client.get("/api/v1/periods", environ_base=address)
        assert answer.status_code == 200 and answer.headers["X-RateLimit-Remaining"] == str(remaining)
    refused = client.get("/api/v1/periods", environ_base=address)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert client.get("/api/v1/periods", environ_base={"REMOTE_ADDR": "10.9.8.6"}).status_code == 200
    assert client.get("/api/v1/periods", environ_base=address, headers={KEY: council.key}).status_code == 200
    with council.engine.connect() as conn:   # the count lives in the database, shared by every worker
        assert conn.execute(text("SELECT COUNT(*) FROM api_request WHERE key = 'ip:10.9.8.7'")).scalar() == 4


def test_the_rate_limit_counts_in_redis_when_configured(client, council, monkeypatch):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    monkeypatch.setenv("REDIS_URL", url)
    monkeypatch.setenv("API_RATE_LIMIT", "2")
    wipe_rate_counts(council.engine)
    address = {"REMOTE_ADDR": f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"}
    codes = [client.get("/api/v1/periods", environ_base=address).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    with council.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM api_request")).scalar() == 0


def test_errors_are_json_and_show_no_trace(client):
    for path in ("/api/v1/measures/NOPE", "/api/v1/summary?period=nonsense", "/api/v1/summary?directorate=x",
                 "/api/v1/measures?format=xml", f"/api/v1/measures/{CODE}/values?kind=fortnight"):
        answer = client.get(path)
        assert answer.status_code in (404, 422) and answer.mimetype == "application/json", path
        assert set(answer.get_json()) >= {"code", "status", "message"}
        assert "Traceback" not in answer.get_data(as_text=True)


def test_the_openapi_document_describes_every_endpoint(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.") and set(ENDPOINTS) == {
        p.replace("{code}", CODE) for p in spec["paths"]}
    assert spec["components"]["securitySchemes"]["ApiKey"] == {"type": "apiKey", "in": "header", "name": KEY}
    for path, item in spec["paths"].items():
        content = item["get"]["responses"]["200"]["content"]
        assert set(content) == {"application/json", "text/csv"}, path
        assert {"401", "429"} <= set(item["get"]["responses"]), path
