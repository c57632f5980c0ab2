"""Pure builders for the measure drill-down: assessment, trend text, commentary, actions and definition.

Kept apart from dashboards/measure.py so callbacks can import them before the app registers its pages.
"""

from __future__ import annotations

from datetime import date, datetime

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards.components import direction_badge, status_badge
from data.assess import Assessment, Rule
from data.formatting import format_value
from data.periods import MONTH, QUARTER, Period
from data.status import Polarity, Status

IN_PERIOD = {QUARTER: "In quarter", MONTH: "In month"}
POLARITY_WORDS = {Polarity.HIGHER: "Higher is better", Polarity.LOWER: "Lower is better",
                  Polarity.NONE: "No better direction (data only)"}
ROLLUP_WORDS = {"sum": "Sum of the months", "mean": "Average of the periods", "latest": "Latest figure (snapshot)"}


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _day(value) -> str:
    """`20 Oct 2026` for a date or timestamp; empty when there is none."""
    if value is None or (not isinstance(value, (date, datetime)) and pd.isna(value)):
        return ""
    return pd.Timestamp(value).strftime("%-d %b %Y")


def not_found(code: str | None) -> html.Main:
    what = f"There is no measure with the code “{code}”." if code else "No measure was chosen."
    return html.Main([html.H1("Measure not found"), html.P(what),
                      dcc.Link("Back to the overview of all measures", href="/")], className="container py-3")


def period_options(periods: list[Period]) -> list[dict]:
    return [{"label": p.name, "value": p.label} for p in periods]


def chosen_period(requested: str | None, periods: list[Period], latest: Period | None) -> Period | None:
    """The period in the URL when it is one we have data for, else the latest quarter with data."""
    try:
        wanted = Period.parse(requested) if requested else None
    except ValueError:
        wanted = None
    return wanted if wanted in periods else latest


def _figure_card(heading: str, value: str, target: str | None, status: Status, extra=()) -> dbc.Card:
    body = [html.H3(heading, className="h6 text-body-secondary mb-2"),
            html.P(status_badge(status), className="fs-5 mb-1"),
            html.P([html.Span(value, className="fs-4 fw-semibold me-2"),
                    html.Span(f"target {target}" if target else "no target", className="text-body-secondary")],
                   className="mb-1"), *extra]
    return dbc.Card(dbc.CardBody(body), className="h-100")


def assessment_panel(result: Assessment, unit: str | None, decimals: int) -> dbc.Row:
    """In-period and year-to-date status side by side, each with its value and target in words."""
    fmt = lambda v: format_value(v, unit, decimals)  # noqa: E731
    shown = result.effective or result.period
    in_period = f"{IN_PERIOD.get(shown.kind, 'In year')}: {shown.label}"
    directions = [html.P(direction_badge(result.direction_previous, "the previous period"), className="mb-0 small"),
                  html.P(direction_badge(result.direction_last_year, "the same period last year"),
                         className="mb-0 small")]
    reasons = [html.P(r.capitalize(), className="small text-body-secondary mb-0") for r in result.reasons]
    first = _figure_card(in_period, fmt(result.value), result.target is not None and fmt(result.target),
                         result.status, directions + reasons)
    span = f"{shown.widen('year').start:%b %Y} to {shown.end:%b %Y}"
    second = _figure_card(f"Year to date: {span}",
                          fmt(result.ytd_value), result.ytd_target is not None and fmt(result.ytd_target),
                          result.ytd_status)
    return dbc.Row([dbc.Col(first, md=6, className="mb-3"), dbc.Col(second, md=6, className="mb-3")])


def values_table(rows: list[dict], last_year: list, unit: str | None, decimals: int) -> dbc.Table:
    """The plotted values as a table: the chart's text alternative."""
    fmt = lambda v: format_value(v, unit, decimals)  # noqa: E731
    head = html.Thead(html.Tr([html.Th("Period", scope="col"), html.Th("Actual", scope="col"),
                               html.Th("Target", scope="col"), html.Th("Tolerance edge", scope="col"),
                               html.Th("Status", scope="col"), html.Th("Last year", scope="col")]))
    body = html.Tbody([html.Tr([html.Th(r["label"], scope="row"), html.Td(fmt(r["value"])), html.Td(fmt(r["target"])),
                                html.Td(fmt(r["edge"])), html.Td(r["status"].label if r["value"] is not None else "–"),
                                html.Td(fmt(ly))]) for r, ly in zip(rows, last_year)])
    return dbc.Table([head, body], size="sm", striped=True, className="mb-0")


def chart_text(summary: str, table) -> list:
    """A summary sentence, then the values in a collapsible table."""
    return [html.P(summary, className="chart-summary"),
            html.Details([html.Summary("Show the chart's values as a table"), table], className="chart-table")]


def commentary_list(comments: pd.DataFrame) -> list:
    """Newest first, as plain text: React escapes it, so no HTML from the database is ever rendered."""
    if comments.empty:
        return [html.P("No commentary yet.", className="text-body-secondary")]
    items = [html.Li([html.H3(_text(c.period), className="h6 mb-1"),
                      html.P(_text(c.text), className="commentary-text mb-1"),
                      html.P(" · ".join(x for x in (_text(c.author), _day(c.created_at)) if x),
                             className="small text-body-secondary mb-0")], className="mb-3")
             for c in comments.itertuples()]
    return [html.Ol(items, className="list-unstyled mb-0", **{"aria-label": "Commentary, newest first"})]


def actions_table(actions: pd.DataFrame):
    if actions.empty:
        return html.P("No intervention actions recorded.", className="text-body-secondary")
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in ("Action", "Owner", "Due", "Status")]))
    body = html.Tbody([html.Tr([html.Td(_text(a.title)), html.Td(_text(a.owner)), html.Td(_day(a.due_date)),
                                html.Td(_text(a.status).capitalize())]) for a in actions.itertuples()])
    return dbc.Table([head, body], size="sm", className="mb-0")


def tolerance_words(rule: Rule, unit: str | None, decimals: int) -> str:
    if not rule.judged:
        return "Not judged against a target"
    if rule.tolerance_type.value == "percent":
        return f"Up to {rule.tolerance:g}% of the target on the wrong side of it"
    if unit == "%":
        return f"Up to {rule.tolerance:g} percentage points on the wrong side of the target"
    amount = format_value(rule.tolerance, unit, decimals if rule.tolerance >= 1 else max(decimals, 2))
    return f"Up to {amount} on the wrong side of the target"


def definition_list(measure, rule: Rule) -> html.Dl:
    """The measure's definition as a description list."""
    unit, decimals = measure["unit"], int(measure["decimals"] or 0)
    pairs = [("Owner", _text(measure["owner"]) or "Not recorded"),
             ("Directorate", _text(measure["directorate"])), ("Service", _text(measure["service"])),
             ("Polarity", POLARITY_WORDS[rule.polarity]), ("Frequency", rule.frequency.value.capitalize()),
             ("Roll-up", ROLLUP_WORDS[rule.rollup.value]), ("Unit", _text(unit) or "Count"),
             ("Tolerance", tolerance_words(rule, unit, decimals)),
             ("Description", _text(measure["description"]) or "None recorded")]
    children = []
    for term, value in pairs:
        children += [html.Dt(term, className="col-sm-4"), html.Dd(value, className="col-sm-8")]
    return html.Dl(children, className="row mb-0 definition")
