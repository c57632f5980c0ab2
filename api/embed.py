"""Embeddable, read-only views of published figures for the council's website: a card for one measure
(`/embed/measure/<code>`) and a table for a directorate (`/embed/directorate/<slug>`), `?period=` optional.

Plain HTML with no script, from the public's figures whoever asks (a signed-in officer's browser gets the same),
and the only routes other sites may frame: `EMBED_ALLOWED_ORIGINS` (security.headers.embeddable).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, request
from markupsafe import escape

from data.core import db, settings
from data.reporting import open_data
from security.headers import embeddable

bp = Blueprint("embed", __name__, url_prefix="/embed")
SECONDS = 60


def _status(status) -> str:
    """Status as icon and words (never colour alone)."""
    return (f'<span class="status-badge status-{escape(status.value)}"><span aria-hidden="true">'
            f'{escape(status.icon)}</span> {escape(status.label)}</span>')


def _page(title: str, body: str) -> Response:
    council = escape(settings.get("COUNCIL_NAME"))
    html = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(title)} - {council}</title>'
            '<link rel="stylesheet" href="/assets/01-bootstrap.min.css"><link rel="stylesheet" href="/assets/style.css">'
            f'</head><body class="p-2 embed">{body}'
            f'<p class="small text-body-secondary mb-0">Published figures from {council}. '
            f'<a href="/" target="_blank" rel="noopener">See the full dashboard</a></p></body></html>')
    response = Response(html, mimetype="text/html")
    response.headers["Cache-Control"] = f"public, max-age={SECONDS}"
    return response


def _load(**what):
    with db.connect() as conn:
        try:
            return open_data.embed(conn, period=request.args.get("period"), **what)
        except open_data.NotFound as e:
            abort(404, str(e))


@bp.get("/measure/<string:code>")
@embeddable
def measure_card(code):
    title, period, rows = _load(code=code)
    r = rows[0]
    notes = "".join(f'<p class="mb-1">{escape(n)}</p>' for n in r["notes"])
    body = (f'<article class="card"><div class="card-body"><h1 class="h6 card-title">{escape(r["title"])}</h1>'
            f'<p class="small text-body-secondary mb-1">{escape(period)}</p>'
            f'<p class="fs-4 mb-1">{escape(r["value_text"])}</p>'
            f'<p class="mb-1">Target {escape(r["target_text"])} &middot; {_status(r["status"])}</p>'
            + (f'<p class="small mb-1">Direction: {escape(r["direction"])}</p>' if r["direction"] else "")
            + (f'<section aria-label="Commentary" class="small">{notes}</section>' if notes else "")
            + "</div></article>")
    return _page(title, body)


@bp.get("/directorate/<string:slug>")
@embeddable
def directorate_table(slug):
    title, period, rows = _load(directorate=slug)
    lines = "".join(f'<tr><th scope="row">{escape(r["title"])}</th><td>{escape(r["value_text"])}</td>'
                    f'<td>{escape(r["target_text"])}</td><td>{_status(r["status"])}</td></tr>' for r in rows)
    body = (f'<table class="table table-sm"><caption class="caption-top">{escape(title)}: {escape(period)}</caption>'
            '<thead><tr><th scope="col">Measure</th><th scope="col">Value</th><th scope="col">Target</th>'
            f'<th scope="col">Status</th></tr></thead><tbody>{lines}</tbody></table>')
    return _page(title, body)
