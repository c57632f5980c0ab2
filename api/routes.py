"""The read API, version 1: GET only, JSON or CSV, described by `/api/v1/openapi.json` (flask-smorest)."""

from __future__ import annotations

from flask_smorest import Blueprint, abort

from api import access, formats, schemas
from data.core import db
from data.reporting import open_data

blp = Blueprint("api_v1", __name__, url_prefix="/api/v1",
                description="Published performance figures: measures, values and targets, status summaries, "
                            "commentary. Anonymous callers read published periods only; an officer's key "
                            "(X-API-Key header) reads unpublished ones too.")
blp.before_request(access.before_request)
CSV = {"text/csv": {"schema": {"type": "string"}}}
ERRORS = {"401": {"description": "Sign-in or a valid API key is needed (PUBLIC_MODE=0, or a bad key)",
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "429": {"description": "Too many requests a minute: wait `Retry-After` seconds",
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}
NOT_FOUND = {"404": {"description": "Not found, or nothing you may see",
                     "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}


def _doc(found=False):
    responses = {"304": {"description": "Not modified (If-None-Match)"}, **ERRORS}
    return blp.doc(responses={**responses, **(NOT_FOUND if found else {})}, security=[{}, {"ApiKey": []}])


def _run(func, *args, **kwargs):
    with db.connect() as conn:
        try:
            return func(conn, access.viewer(), *args, **kwargs)
        except open_data.NotFound as e:
            abort(404, message=str(e))


def _code(code: str) -> str:
    """A measure code as asked for in the path: one with control characters or too long names no measure."""
    if len(code) > 40 or any(ord(c) < 32 or ord(c) == 127 for c in code):
        abort(404, message="no such measure")
    return code


def _filters(args: dict) -> dict:
    return {k: v for k, v in args.items() if k != "format" and v}


@blp.route("/measures")
@blp.arguments(schemas.MeasuresQuery, location="query", as_kwargs=True)
@blp.response(200, schemas.Measure(many=True))
@_doc()
def measures(**args):
    """Every measure's definition (owner as the council publishes names)."""
    rows = _run(open_data.measures, **_filters(args))
    return formats.reply(rows, rows, schemas.columns(schemas.Measure), "measures")


@blp.route("/measures/<string:code>")
@blp.arguments(schemas.Query, location="query", as_kwargs=True)
@blp.response(200, schemas.Measure)
@_doc(found=True)
def measure(code, **args):
    """One measure's definition."""
    row = _run(open_data.measure, _code(code))
    return formats.reply(row, [row], schemas.columns(schemas.Measure), f"measure-{code}")


@blp.route("/measures/<string:code>/values")
@blp.arguments(schemas.ValuesQuery, location="query", as_kwargs=True)
@blp.response(200, schemas.Figure(many=True))
@_doc(found=True)
def values(code, **args):
    """A measure's approved values and its targets by period, oldest first."""
    asked = _filters(args)
    rows = _run(open_data.series, _code(code), kind=asked.get("kind"), first=asked.get("from_"), last=asked.get("to"))
    return formats.reply(rows, rows, schemas.columns(schemas.Figure), f"values-{code}")


@blp.route("/periods")
@blp.arguments(schemas.Query, location="query", as_kwargs=True)
@blp.response(200, schemas.PeriodChoice(many=True))
@_doc()
def periods(**args):
    """The quarters and years you may ask for, newest first."""
    rows = _run(open_data.periods)
    return formats.reply(rows, rows, schemas.columns(schemas.PeriodChoice), "periods")


@blp.route("/directorates")
@blp.arguments(schemas.Query, location="query", as_kwargs=True)
@blp.response(200, schemas.Directorate(many=True))
@_doc()
def directorates(**args):
    """The directorates (director's name as the council publishes names)."""
    rows = _run(open_data.directorates)
    return formats.reply(rows, rows, schemas.columns(schemas.Directorate), "directorates")


@blp.route("/summary")
@blp.arguments(schemas.SummaryQuery, location="query", as_kwargs=True)
@blp.response(200, schemas.Summary)
@_doc(found=True)
def summary(**args):
    """Status counts and each measure's position for a period and scope: the `summary --json` document. As CSV,
    one row per measure."""
    document = _run(open_data.summary, **_filters(args))
    name = f"summary-{document['period'].replace('/', '-').replace(' ', '-')}"
    return formats.reply(document, document["measures"], schemas.columns(schemas.Position), name)


@blp.route("/commentary")
@blp.arguments(schemas.CommentaryQuery, location="query", as_kwargs=True)
@blp.response(200, schemas.Note(many=True))
@_doc(found=True)
def commentary(**args):
    """Commentary on measures and directors' commentary; anonymous callers read only what is published."""
    rows = _run(open_data.commentary, **_filters(args))
    return formats.reply(rows, rows, schemas.columns(schemas.Note), "commentary")


@blp.route("/actions")
@blp.arguments(schemas.ActionsQuery, location="query", as_kwargs=True)
@blp.response(200, schemas.Action(many=True))
@_doc(found=True)
def actions(**args):
    """Intervention actions; anonymous callers read only those marked for publication."""
    rows = _run(open_data.actions, **_filters(args))
    return formats.reply(rows, rows, schemas.columns(schemas.Action), "actions")
