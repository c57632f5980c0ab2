"""Two gunicorn servers on one database and one Redis: after a change of a measure's polarity, a target, a value
or a process change, the next request to the other server shows the new status, never the cached old one."""

from __future__ import annotations

from datetime import date

import pytest

from benchmarks.callbacks import Client
from benchmarks.server import serve
from dashboards import ids
from dashboards.directorate_view import grid_rows
from data.core import cache, db, loaders
from data.core.periods import Period
from data.imports import store
from data.imports.store import MEASURE_FIELDS
from data.people import access
from data.reporting import evaluation
from tests.conftest import private_copy

REDIS = "redis://127.0.0.1:6379/15"  # keys carry the database's own stamp: nothing here touches another's
CODE, SLUG, PERIOD = "CS02", "customer-and-digital", "2026/27 Q2"
SHOWN = ("status_text", "value_text", "target_text", "variation_text", "assurance_text")


@pytest.fixture(scope="module")
def two_servers(demo_sqlite_url, tmp_path_factory):
    url = private_copy(demo_sqlite_url, tmp_path_factory.mktemp("shared") / "council.db")
    with serve(url, workers=1, REDIS_URL=REDIS) as first, serve(url, workers=1, REDIS_URL=REDIS) as second:
        yield db.make_engine(url), Client(first), Client(second)


def shown(client: Client) -> dict:
    """The measure's row in the directorate table, as the server sends it."""
    client.directorate(SLUG, PERIOD)
    rows = client.find(ids.DIRECTORATE_GRID)["rowData"]
    return {k: v for k, v in next(r for r in rows if r["code"] == CODE).items() if k in SHOWN}


def expected(engine, monkeypatch) -> dict:
    """The same row worked out here, straight from the database (no Redis)."""
    monkeypatch.delenv("REDIS_URL", raising=False)
    cache.clear_memo()
    with engine.connect() as conn:
        results, _, _ = evaluation.evaluate(conn, Period.parse(PERIOD), access.PUBLIC, SLUG)
    row = next(r for r in grid_rows(results) if r["code"] == CODE)
    return {k: v for k, v in row.items() if k in SHOWN}


def measure(engine) -> dict:
    with engine.connect() as conn:
        return loaders.measures(conn, code=CODE).iloc[0].to_dict()


def changes(engine):
    m = {k: v for k, v in measure(engine).items() if k in MEASURE_FIELDS}
    yield "polarity", store.Payload(measures=[{**m, "polarity": "higher"}])
    yield "target", store.Payload(targets=[(CODE, "2026/27", 3.0)])
    yield "value", store.Payload(values=[(CODE, "2026-09", 1.0, None)])
    yield "process change", store.Payload(process_changes=[(CODE, date(2026, 8, 1), "new call system")])


def test_each_change_is_seen_by_the_other_server_on_its_next_request(two_servers, monkeypatch):
    engine, first, second = two_servers
    before = expected(engine, monkeypatch)
    assert shown(first) == shown(second) == before       # both servers now hold this in memory and in Redis
    readers = [first, second]
    for what, payload in changes(engine):
        store.store(engine, payload, source=f"test: {what}")
        now = expected(engine, monkeypatch)
        assert now != before, f"the {what} should change what the page shows"
        assert shown(readers[1]) == now, what             # the server that did not serve last
        assert shown(readers[0]) == now, what
        readers.reverse()
        before = now
