"""Issue 13 from outside: a real server (gunicorn, 2 workers, `gunicorn.conf.py`) on a free port, on SQLite and on
PostgreSQL, driven over HTTP as the browser drives it (the CSRF header, the callbacks Dash's renderer posts), with
real concurrent clients. Bad input at data entry, one unusable value stored behind the checks' back, crafted
months, a deeply nested body and a `\\x00.csv` upload, two editors saving at once, rounds of simultaneous saves,
and two overlapping imports from the command line."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import threading
import time
import uuid

import pytest
import requests
from sqlalchemy import bindparam, text

from benchmarks.server import ROOT, serve
from dashboards import ids
from data.people import users
from tests import council_quarter
from tests.conftest import database_url, make_database

PASSWORD = "correct horse battery staple"
TODAY = "2026-12-01"              # the entry page offers 2026-12 back to 2025-01
ROUTER = "_pages_content.children"


# the council and its server, on each backend ------------------------------------------------------------------
def _accounts(eng) -> None:
    with eng.begin() as conn:
        users.create(conn, "eddie", PASSWORD, role="editor", services=["finance"])
        users.create(conn, "emma", PASSWORD, role="editor", services=["finance"])
        users.create(conn, "olga", PASSWORD, role="officer")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def council(request, tmp_path_factory):
    """{"url": database URL, "engine": engine, "base": server URL} for the demo council with two editors of
    Finance and an officer, served by gunicorn with two workers."""
    eng, cleanup = make_database(request.param, tmp_path_factory.mktemp("hold"), with_demo=True)
    url = database_url(eng)
    _accounts(eng)
    try:
        with serve(url, 2, SECRET_KEY="hold-" + uuid.uuid4().hex, TODAY=TODAY, REDIS_URL=None) as base:
            yield {"url": url, "engine": eng, "base": base, "backend": request.param}
    finally:
        cleanup()


class Browser:
    """One person's browser: cookies, the CSRF header, and the callbacks as Dash's renderer posts them."""

    def __init__(self, base: str, username: str | None = None):
        self.base, self.http = base, requests.Session()
        self.http.get(base + "/login", timeout=30).raise_for_status()
        if username:
            answer = self.http.post(base + "/auth/sign-in", timeout=30, allow_redirects=False,
                                    data={"username": username, "password": PASSWORD,
                                          "csrf_token": self.http.cookies.get("_csrf_token")})
            assert answer.status_code in (302, 303) and "error" not in answer.headers["Location"], answer.headers
        self.http.headers["X-CSRFToken"] = self.http.cookies.get("_csrf_token")
        self.deps = self.http.get(base + "/_dash-dependencies", timeout=30).json()

    def callback(self, output_part: str, inputs: dict, state: dict | None = None, changed: str | None = None):
        """POST the server callback whose output names `output_part`; values by component id (None if not given)."""
        dep = next(d for d in self.deps if output_part in d["output"] and d.get("clientside_function") is None)
        state = state or {}
        outputs = [{"id": o.split(".")[0], "property": o.split(".")[1].split("@")[0]}
                   for o in dep["output"].strip(".").split("...")]
        body = {"output": dep["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
                "inputs": [{**i, "value": inputs.get(i["id"])} for i in dep["inputs"]],
                "state": [{**s, "value": state.get(s["id"])} for s in dep["state"]],
                "changedPropIds": [changed or f"{dep['inputs'][0]['id']}.{dep['inputs'][0]['property']}"]}
        return self.http.post(self.base + "/_dash-update-component", json=body, timeout=120)

    def route(self, path: str, search: str = ""):
        dep = next(d for d in self.deps if ROUTER in d["output"])
        values = {"pathname": path, "search": search}
        body = {"output": dep["output"], "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1]}
                                                     for o in dep["output"].strip(".").split("...")],
                "inputs": [{**i, "value": values.get(i["property"])} for i in dep["inputs"]],
                "state": [{**s, "value": "page"} for s in dep["state"]],
                "changedPropIds": ["_pages_location.pathname"]}
        return self.http.post(self.base + "/_dash-update-component", json=body, timeout=120)

    # the data-entry page
    def open_form(self, month: str, service: str = "finance"):
        return self.callback(f"{ids.ENTRY_GRID}.rowData", {ids.ENTRY_SERVICE: service, ids.ENTRY_MONTH: month})

    def save(self, rows: list, month: str, service: str = "finance"):
        return self.callback(f"{ids.ENTRY_MESSAGE}.children", {ids.ENTRY_SAVE: 1},
                             {ids.ENTRY_SERVICE: service, ids.ENTRY_MONTH: month, ids.ENTRY_GRID: rows})


def grid_of(response) -> list[dict]:
    assert response.status_code == 200, response.text[:300]
    found = response.json()["response"]
    return found[ids.ENTRY_GRID]["rowData"]


def message_of(response) -> str:
    assert response.status_code == 200, (response.status_code, response.text[:300])
    return json.dumps(response.json()["response"][ids.ENTRY_MESSAGE]["children"])


def typed(rows: list, code: str, value: str) -> list:
    return [{**r, "value": value} if r["code"] == code else r for r in rows]


def stored(council, code: str, period: str):
    with council["engine"].connect() as conn:
        return conn.execute(text("SELECT o.value, o.note FROM observation o JOIN measure m ON m.id = o.measure_id "
                                 "WHERE m.code = :c AND o.period = :p"), {"c": code, "p": period}).first()


# 1a: absurd numbers at data entry, and one unusable value already stored --------------------------------------
@pytest.mark.parametrize("cell", ["9" * 400, "1e400", "NaN", "inf", "-Infinity", "1e16"])
def test_data_entry_over_http_refuses_absurd_and_non_finite_numbers(council, cell):
    eddie = Browser(council["base"], "eddie")
    rows = grid_of(eddie.open_form("2026-10"))
    answer = eddie.save(typed(rows, "FIN01", cell), "2026-10")
    said = message_of(answer)
    assert "Nothing was saved" in said and ("too large" in said or "not a" in said), said
    assert stored(council, "FIN01", "2026-10") is None


@pytest.fixture
def unusable_value(council):
    """HSG01's latest quarter overwritten behind the checks' back with infinity (as 400 nines once were), then
    put back."""
    eng = council["engine"]
    with eng.begin() as conn:
        row = conn.execute(text("SELECT o.id, o.value FROM observation o JOIN measure m ON m.id = o.measure_id "
                                "WHERE m.code = 'HSG01' AND o.period = '2026/27 Q2'")).first()
        infinity = "'Infinity'::float" if council["backend"] == "postgresql" else "9e999"
        conn.execute(text(f"UPDATE observation SET value = {infinity} WHERE id = :i"), {"i": row.id})
        conn.execute(text("UPDATE data_version SET version = version + 1, stamp = :s"), {"s": uuid.uuid4().hex})
    yield
    with eng.begin() as conn:
        conn.execute(text("UPDATE observation SET value = :v WHERE id = :i"), {"v": row.value, "i": row.id})
        conn.execute(text("UPDATE data_version SET version = version + 1, stamp = :s"), {"s": uuid.uuid4().hex})


def test_one_unusable_stored_value_leaves_every_page_answering(council, unusable_value):
    visitor = Browser(council["base"])
    for path in ("/", "/directorate/housing-and-communities", "/exceptions", "/measure/HSG01"):
        for search in ("", "?period=2026/27 Q2", "?view=spc" if path.startswith("/measure") else "?period=2026/27"):
            answer = visitor.route(path, search)
            assert answer.status_code == 200, (path, search, answer.status_code, answer.text[:200])
    shown = json.dumps(visitor.route("/measure/HSG01", "").json(), ensure_ascii=False).replace("\\u002f", "/")
    assert "The value for 2026/27 Q2 is unusable (infinite)" in shown
    assert requests.get(council["base"] + "/measure/HSG01", timeout=30).status_code == 200


# 1c: months the entry page never offers ------------------------------------------------------------------------
@pytest.mark.parametrize("month", ["2027-01", "2030/31", "2026/27 Q3", "2019-04", "2024-12", ["2026-10"], "x"])
def test_crafted_entry_callbacks_naming_months_never_offered_are_refused(council, month):
    eddie = Browser(council["base"], "eddie")
    rows = grid_of(eddie.open_form("2026-10"))
    refused = eddie.open_form(month)                             # no form is drawn for it
    assert refused.status_code == 204 or refused.json()["response"] == {}, refused.text[:300]
    answer = eddie.save(typed(rows, "FIN01", "42"), month)
    assert answer.status_code in (200, 204) and "Saved" not in answer.text
    with council["engine"].connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM observation WHERE value = 42 AND updated_by = 'eddie'")
                            ).scalar() == 0


def test_the_current_month_is_offered_and_values_for_a_month_not_begun_are_refused_by_the_data_layer(council):
    from data.people import entry
    from data.core.periods import Period
    with council["engine"].connect() as conn:
        rows = entry.form(conn, "finance", Period.parse("2027-01"))
    mid = int(rows[rows["code"] == "FIN01"]["measure_id"].iloc[0])
    from datetime import date
    saved = entry.save(council["engine"], rows, {mid: ("5", "")}, author="x", today=date(2026, 12, 1))
    assert saved.problems == {"FIN01": "2027-01 has not begun: figures are entered once it has"}
    assert entry.offered_month("2026-12", date(2026, 12, 1)) is not None
    assert entry.offered_month("2027-01", date(2026, 12, 1)) is None


# 1f: a deeply nested body and an upload named \x00.csv ---------------------------------------------------------
def test_a_deeply_nested_callback_body_is_a_plain_400(council):
    visitor = Browser(council["base"])
    body = '{"output": "x", "inputs": ' + "[" * 100_000 + "]" * 100_000 + "}"
    answer = visitor.http.post(council["base"] + "/_dash-update-component", data=body, timeout=60,
                               headers={"Content-Type": "application/json"})
    assert answer.status_code == 400 and answer.headers["Content-Type"].startswith("text/plain")
    assert "nested too deeply" in answer.text and "Traceback" not in answer.text


@pytest.mark.parametrize("filename", ["\x00.csv", "a\nb.csv", ["x.csv"], 7])
def test_an_upload_with_a_crafted_file_name_is_a_plain_400(council, filename):
    olga = Browser(council["base"], "olga")
    contents = "data:text/csv;base64," + base64.b64encode(b"Ref,Period,Value\nA1,2019/20 Q1,5\n").decode()
    answer = olga.callback(f"{ids.IMPORT_PENDING}.data", {ids.IMPORT_UPLOAD: contents},
                           {ids.IMPORT_UPLOAD: filename})
    assert answer.status_code == 400, (answer.status_code, answer.text[:200])
    assert answer.headers["Content-Type"].startswith("text/plain") and "file's name" in answer.text
    with council["engine"].connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM pending_import")).scalar() == 0


# 2a, 2b: two editors, and rounds of simultaneous saves ----------------------------------------------------------
def test_the_second_of_two_editors_is_told_the_figure_changed_and_asked(council):
    eddie, emma = Browser(council["base"], "eddie"), Browser(council["base"], "emma")
    seen_by_eddie, seen_by_emma = grid_of(eddie.open_form("2026-11")), grid_of(emma.open_form("2026-11"))
    assert "Saved 1 figure" in message_of(eddie.save(typed(seen_by_eddie, "FIN02", "21"), "2026-11"))
    second = emma.save(typed(seen_by_emma, "FIN02", "22"), "2026-11")
    said = message_of(second)
    assert "changed by eddie since you opened the form" in said and "save again" in said, said
    assert stored(council, "FIN02", "2026-11").value == 21                  # nothing overwritten
    asked = grid_of(second)                                                   # what she typed, now told
    assert next(r for r in asked if r["code"] == "FIN02")["value"] == "22"
    assert "Saved 1 figure" in message_of(emma.save(asked, "2026-11"))        # she saves again: hers stands
    assert stored(council, "FIN02", "2026-11").value == 22


def test_eight_rounds_of_simultaneous_saves_give_no_error_page_and_one_figure_each(council):
    editors = [Browser(council["base"], name) for name in ("eddie", "emma", "eddie", "emma")]
    errors, period = [], "2026-12"
    for round_ in range(8):
        forms = [grid_of(e.open_form(period)) for e in editors]
        barrier, answers = threading.Barrier(len(editors)), [None] * len(editors)

        def save(n):
            barrier.wait()
            answers[n] = editors[n].save(typed(forms[n], "FIN01", str(100 + 10 * round_ + n)), period)
        threads = [threading.Thread(target=save, args=(n,)) for n in range(len(editors))]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        print(f"round {round_}: {len(editors)} saves at once in {time.perf_counter() - started:.2f} s")
        errors += [(round_, a.status_code, a.text[:200]) for a in answers if a.status_code != 200]
        said = [message_of(a) for a in answers if a.status_code == 200]
        winners = [n for n, s in enumerate(said) if "Saved 1 figure" in s]
        assert len(winners) == 1 and all("since you opened the form" in s for n, s in enumerate(said)
                                         if n not in winners), said
        assert stored(council, "FIN01", period).value == 100 + 10 * round_ + winners[0]
    assert errors == []


def test_two_overlapping_imports_from_two_processes_never_show_an_integrity_error(council, tmp_path):
    folders = []
    for n in range(2):
        tables = council_quarter.tables()
        for row in tables["values"][1:]:
            row[3] = f"import {n}"
        folders.append(council_quarter.write_csv_folder(tmp_path / f"q{n}", tables))
    env = {**os.environ, "DATABASE_URL": council["url"], "SECRET_KEY": "x", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    runs = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "import", str(f)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in folders]
    results = [(p.wait(300), *p.communicate()) for p in runs]
    print(f"two imports at once: {time.perf_counter() - started:.1f} s")
    for status, out, err in results:
        assert "IntegrityError" not in out + err and "Traceback" not in err, err[-2000:]
        assert status == 0 or "another import is running" in out + err, (status, out[-500:], err[-500:])
    tables = council_quarter.tables()
    codes = [row[0] for row in tables["measures"][1:]]
    with council["engine"].connect() as conn:
        measures = conn.execute(text("SELECT COUNT(*) FROM measure WHERE code IN :codes").bindparams(
            bindparam("codes", expanding=True)), {"codes": codes}).scalar()
        values = conn.execute(text("SELECT COUNT(*) FROM observation o JOIN measure m ON m.id = o.measure_id "
                                   "WHERE m.code IN :codes").bindparams(bindparam("codes", expanding=True)),
                              {"codes": codes}).scalar()
    assert (measures, values) == (len(codes), len(tables["values"]) - 1)   # once each: a correct result
