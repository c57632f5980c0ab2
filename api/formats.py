"""Answers in JSON or CSV, with an ETag and cache headers.

CSV is asked for with `?format=csv` or `Accept: text/csv`. A text cell that a spreadsheet would read as a formula
(starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a leading `'`, as OWASP advises
for CSV injection; numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
import json

from flask import Response, g, request

from api.access import personal

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PUBLIC_SECONDS = 60   # how long a shared cache may keep an anonymous answer (publishing shows within a minute)


def wants_csv() -> bool:
    fmt = (request.args.get("format") or "").lower()
    if fmt:
        return fmt == "csv"
    best = request.accept_mimetypes.best_match(["application/json", "text/csv"])
    return best == "text/csv" and request.accept_mimetypes["text/csv"] > request.accept_mimetypes["application/json"]


def neutralise(value):
    """A CSV cell that no spreadsheet runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def to_csv(rows: list[dict], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(row.get(c)) for c in columns])
    return out.getvalue()


def reply(document, csv_rows: list[dict], columns: list[str], name: str) -> Response:
    """`document` as JSON, or `csv_rows` as CSV (with `columns` in order), conditional on the ETag."""
    if wants_csv():
        response = Response(to_csv(csv_rows, columns), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = Response(json.dumps(document, ensure_ascii=False, allow_nan=False), mimetype="application/json")
    response.headers["Cache-Control"] = "private, no-cache" if personal() else f"public, max-age={PUBLIC_SECONDS}"
    response.headers["Vary"] = "Accept, X-API-Key, Cookie"
    limit, remaining = g.get("api_rate", (None, None))
    if limit is not None:
        response.headers["X-RateLimit-Limit"] = str(limit)
        response.headers["X-RateLimit-Remaining"] = str(remaining)
    response.add_etag()
    return response.make_conditional(request)
