"""The read API's documents as marshmallow schemas: flask-smorest writes the OpenAPI document from these."""

from __future__ import annotations

import re

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from data.reporting.open_data import KINDS

STATUSES = ["on_target", "within_tolerance", "below_target", "data_only", "annual", "no_data"]


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
PLAIN = r"^[^\x00-\x1f\x7f]*$"   # said in the OpenAPI document; plain_text also refuses a trailing newline


def plain_text(value: str) -> None:
    """Query text is plain: no NUL or other control characters (PostgreSQL refuses NUL in any text)."""
    if _CONTROL.search(value):
        raise ValidationError("holds a control character")


def Text(description: str, **kw) -> fields.String:
    return fields.String(validate=[validate.Length(max=200), validate.Regexp(PLAIN), plain_text],
                         metadata={"description": description}, **kw)


class Query(Schema):
    class Meta:
        unknown = EXCLUDE   # a cache-busting or tracking parameter is ignored, not an error

    format = fields.String(validate=validate.OneOf(["json", "csv"]),
                           metadata={"description": "`csv` for CSV (or send `Accept: text/csv`); default JSON"})


class MeasuresQuery(Query):
    directorate = Text("directorate slug")
    service = Text("service slug")
    priority = Text("council priority slug")


class ValuesQuery(Query):
    kind = fields.String(validate=validate.OneOf(KINDS), metadata={"description": "only periods of this kind"})
    from_ = Text("first period, e.g. `2024/25 Q1`", data_key="from")
    to = Text("last period, e.g. `2026/27`")


class SummaryQuery(Query):
    period = Text("a quarter or year, e.g. `2025/26 Q4` (default: the latest "
                                                    "quarter that has ended)")
    directorate = Text("directorate slug")
    priority = Text("council priority slug")


class CommentaryQuery(Query):
    period = Text("only notes on this period or within it")
    measure = Text("measure code")
    directorate = Text("directorate slug")


class ActionsQuery(Query):
    measure = Text("measure code")
    directorate = Text("directorate slug")


def _text(**kw):
    return fields.String(allow_none=True, **kw)


class Measure(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    description = _text()
    directorate = fields.String(required=True)
    directorate_slug = fields.String(required=True)
    service = fields.String(required=True)
    service_slug = fields.String(required=True)
    priority = _text()
    priority_slug = _text()
    owner = _text(metadata={"description": "the responsible officer; null when the council does not publish names"})
    unit = _text()
    decimals = fields.Integer(allow_none=True)
    polarity = fields.String(required=True, metadata={"description": "higher, lower or none (is higher better?)"})
    frequency = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "target or data only"})
    rollup = fields.String(required=True)
    tolerance = fields.Float(allow_none=True)
    tolerance_type = _text()


class Figure(Schema):
    period = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    value = fields.Float(allow_none=True, metadata={"description": "approved value; null: no data"})
    target = fields.Float(allow_none=True)


class Counts(Schema):
    on_target = fields.Integer(required=True)
    within_tolerance = fields.Integer(required=True)
    below_target = fields.Integer(required=True)
    data_only = fields.Integer(required=True)
    annual = fields.Integer(required=True)
    no_data = fields.Integer(required=True)


class Position(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    directorate = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    value = fields.Float(allow_none=True)
    target = fields.Float(allow_none=True)
    ytd_value = fields.Float(allow_none=True)
    ytd_status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    direction = _text(metadata={"description": "improving, no change or worsening; null when not judged"})


class Summary(Schema):
    period = fields.String(required=True)
    period_name = fields.String(required=True)
    total = fields.Integer(required=True)
    counts = fields.Nested(Counts, required=True)
    measures = fields.List(fields.Nested(Position), required=True)


class Note(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(["measure", "director"]))
    measure = _text(metadata={"description": "measure code; null for a director's commentary"})
    directorate = fields.String(required=True)
    period = fields.String(required=True)
    author = _text(metadata={"description": "null when the council does not publish names"})
    text = fields.String(required=True)
    created_at = _text()


class Action(Schema):
    measure = fields.String(required=True)
    title = fields.String(required=True)
    owner = _text()
    due_date = _text()
    status = fields.String(required=True)
    period = _text()
    overdue = fields.Boolean(required=True)


class PeriodChoice(Schema):
    period = fields.String(required=True)
    name = fields.String(required=True)


class Directorate(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    director = _text()
    measures = fields.Integer(required=True)


def columns(schema: type[Schema]) -> list[str]:
    """A schema's fields in declaration order: the CSV columns."""
    return [f.data_key or name for name, f in schema._declared_fields.items()]
