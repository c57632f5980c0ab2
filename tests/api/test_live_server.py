"""The read API under gunicorn as deployed (2 workers, gunicorn.conf.py) beside the Dash app: the OpenAPI
document, the pages and the API on one server, and one rate limit for the whole server, not one per worker."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from benchmarks.server import serve
from tests.conftest import private_copy

LIMIT = 6


def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers={"Connection": "close", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_the_api_beside_the_pages_with_one_limit_for_every_worker(demo_sqlite_url, tmp_path):
    url = private_copy(demo_sqlite_url, tmp_path / "council.db")
    with serve(url, workers=2, REDIS_URL=None, API_RATE_LIMIT=str(LIMIT), PUBLIC_MODE="1") as base:
        status, headers, body = get(base + "/api/v1/openapi.json")
        assert status == 200 and "/api/v1/summary" in json.loads(body)["paths"]
        status, headers, _ = get(base + "/")
        assert status == 200 and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        codes = []
        for _ in range(LIMIT + 4):   # a new connection each time, so both workers take requests
            status, headers, _ = get(base + "/api/v1/periods")
            codes.append(status)
        assert codes == [200] * LIMIT + [429] * 4, codes   # counted in the database, not in a worker
