"""Pure builders for the measure drill-down: assessment, trend text, commentary, actions and definition.

Kept apart from dashboards/measure.py: Dash Pages imports a page module itself, so nothing else may import one.
"""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards import figures
from dashboards.components import direction_badge, icon, page_main, period_notice, scroll_region, status_badge
from dashboards.spc_view import spc_icons
from data.performance import forecast
from data.spc import narrative, trend
from data.plan.progress import Progress
from data.performance.assess import Assessment, Frequency, Rule, assess, assess_to_date
from data.performance.forecast import Forecast
from data.performance.formatting import format_value, shown_decimals
from data.core.periods import MONTH, QUARTER, YEAR, Period
from data.reporting.choice import Choice
from data.performance.status import Polarity, Status

IN_PERIOD = {QUARTER: "In quarter", MONTH: "In month"}
POLARITY_WORDS = {Polarity.HIGHER: "Higher is better", Polarity.LOWER: "Lower is better",
                  Polarity.NONE: "No better direction (data only)"}
ROLLUP_WORDS = {"sum": "Sum of the periods", "mean": "Average of the periods", "latest": "Latest figure (snapshot)"}


def plain(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def day(value) -> str:
    """`20 Oct 2026` for a date or timestamp; empty when there is none."""
    if value is None or (not isinstance(value, (date, datetime)) and pd.isna(value)):
        return ""
    return pd.Timestamp(value).strftime("%-d %b %Y")


def not_found(code: str | None) -> html.Main:
    what = f"There is no measure with the code “{code}”." if code else "No measure was chosen."
    return page_main([html.H1("Measure not found"), html.P(what),
                      dcc.Link("Back to the overview of all measures", href="/")], "not-found")


def _figure_card(heading: str, value: str, target: str | None, status: Status, extra=()) -> dbc.Card:
    body = [html.H2(heading, className="h6 text-body-secondary mb-2"),
            html.P(status_badge(status), className="fs-5 mb-1"),
            html.P([html.Span(value, className="fs-4 fw-semibold me-2"),
                    html.Span(f"target {target}" if target else "no target", className="text-body-secondary")],
                   className="mb-1"), *extra]
    return dbc.Card(dbc.CardBody(body), className="h-100")


def _forecast_card(result: Forecast | None, rule: Rule, unit: str | None, decimals: int) -> dbc.Card:
    status, basis = (result.status if result else Status.NO_DATA), ""
    text = forecast.sentence(result, unit, decimals)
    if not rule.judged:
        status, text = Status.DATA_ONLY, "No year-end forecast: a data-only measure has no target."
    elif rule.frequency is Frequency.ANNUAL:
        status, text = Status.ANNUAL, "No year-end forecast: an annual measure is reported at year end."
    elif result and result.method == "profile":
        basis = f"From the year to date and how the last {result.years} year{'s' * (result.years > 1)} finished."
    elif result and result.method == "pro rata":
        basis = "From the year to date (no earlier full year to learn from)."
    body = [html.H2("Year-end forecast", className="h6 text-body-secondary mb-2"),
            html.P(status_badge(status, prefix="Forecast: "), className="fs-5 mb-1"),
            html.P(text, className="mb-1 forecast-sentence"),
            html.P(basis, className="small text-body-secondary mb-0")]
    return dbc.Card(dbc.CardBody(body), className="h-100")


def assessment_panel(result: Assessment, rule: Rule, unit: str | None, decimals: int,
                     projected: Forecast | None = None, narrative: str | None = None) -> html.Div:
    """The SPC sentence, then in-period, year-to-date and forecast status side by side with values and targets."""
    fmt = lambda v: format_value(v, unit, decimals)  # noqa: E731
    shown = result.effective or result.period
    in_period = f"{IN_PERIOD.get(shown.kind, 'In year')}: {shown.label}"
    directions = [html.P(direction_badge(result.direction_previous, "the previous period"), className="mb-0 small"),
                  html.P(direction_badge(result.direction_last_year, "the same period last year"),
                         className="mb-0 small")]
    reasons = [html.P(r.capitalize(), className="small text-body-secondary mb-0") for r in result.reasons]
    span = f"Year to date: {shown.widen('year').start:%b %Y} to {shown.end:%b %Y}"
    to_date = result.period.kind == YEAR and shown.kind != YEAR  # a year under way: its in-period figure is to date
    first = _figure_card(span if to_date else in_period, fmt(result.value),
                         result.target is not None and fmt(result.target), result.status, directions + reasons)
    second = _figure_card(span, fmt(result.ytd_value), result.ytd_target is not None and fmt(result.ytd_target),
                          result.ytd_status)
    width = 6 if to_date else 4
    cards = [dbc.Col(first, md=width, className="mb-3"),
             *([] if to_date else [dbc.Col(second, md=4, className="mb-3")]),
             dbc.Col(_forecast_card(projected, rule, unit, decimals), md=width, className="mb-3")]
    lead = [html.P(narrative, className="lead measure-narrative mb-3")] if narrative else []
    return html.Div(lead + [dbc.Row(cards)])


def values_table(rows: list[dict], last_year: list, unit: str | None, decimals: int) -> dbc.Table:
    """The plotted values as a table: the chart's text alternative."""
    fmt = lambda v: format_value(v, unit, decimals)  # noqa: E731
    head = html.Thead(html.Tr([html.Th("Period", scope="col"), html.Th("Actual", scope="col"),
                               html.Th("Target", scope="col"), html.Th("Edge of tolerance", scope="col"),
                               html.Th("Status", scope="col"), html.Th("Last year", scope="col")]))
    body = html.Tbody([html.Tr([html.Th(r["label"], scope="row"), html.Td(fmt(r["value"])), html.Td(fmt(r["target"])),
                                html.Td(fmt(r["edge"])), html.Td(r["status"].label if r["value"] is not None else "–"),
                                html.Td(fmt(ly))]) for r, ly in zip(rows, last_year)])
    return dbc.Table([head, body], size="sm", striped=True, className="mb-0")


def chart_text(summary: str, table) -> list:
    """A summary sentence, then the values in a collapsible table."""
    return [html.P(summary, className="chart-summary"),
            html.Details([html.Summary("Show the chart's values as a table"),
                          scroll_region(table, "The chart's values")], className="chart-table")]


def commentary_list(comments: pd.DataFrame) -> list:
    """The chosen period's notes first, then the newest, as plain text: React escapes it, so no HTML from the
    database is ever rendered."""
    if comments.empty:
        return [html.P("No commentary yet.", className="text-body-secondary")]
    items = [html.Li([html.H3(plain(c.period), className="h6 mb-1"),
                      html.P(plain(c.text), className="commentary-text mb-1"),
                      html.P(" · ".join(x for x in (plain(c.author), day(c.created_at)) if x),
                             className="small text-body-secondary mb-0")], className="mb-3")
             for c in comments.itertuples()]
    return [html.Ol(items, className="list-unstyled mb-0", **{"aria-label": "Commentary, latest first"})]


def action_status(action) -> html.Span:
    """The action's progress status (icon and words), and `Overdue` beside it when past the due date and not
    completed (worked out from the due date and today)."""
    progress = Progress(action.status)
    shown = [html.Span([icon(progress.icon), progress.words], className="action-status")]
    if getattr(action, "overdue", False):
        shown += [" ", html.Span([icon("bi-alarm-fill"), "Overdue"], className="action-overdue fw-semibold")]
    return html.Span(shown)


def actions_table(actions: pd.DataFrame):
    """Intervention actions: title, owner, due date, progress (and overdue)."""
    if actions.empty:
        return html.P("No intervention actions recorded.", className="text-body-secondary")
    overdue = int(actions["overdue"].sum())
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in ("Action", "Owner", "Due", "Status")]))
    body = html.Tbody([html.Tr([html.Td(plain(a.title)), html.Td(plain(a.owner)), html.Td(day(a.due_date)),
                                html.Td(action_status(a))]) for a in actions.itertuples()])
    note = (html.P(f"{overdue} action{'s are' if overdue != 1 else ' is'} overdue: past its due date and not completed.",
                   className="small fw-semibold mb-2 actions-overdue-count") if overdue else None)
    return html.Div([note, dbc.Table([head, body], size="sm", className="mb-0")])


def tolerance_words(rule: Rule, unit: str | None) -> str:
    if not rule.judged:
        return "Not judged against a target"
    if rule.tolerance_type.value == "percent":
        return f"Up to {rule.tolerance:g}% of the target on the wrong side of it"
    if unit == "%":
        return f"Up to {rule.tolerance:g} percentage points on the wrong side of the target"
    amount = format_value(rule.tolerance, unit, None)  # as the council typed it: 0.05 stays 0.05
    return f"Up to {amount} on the wrong side of the target"


def definition_list(measure, rule: Rule) -> html.Dl:
    """The measure's definition as a description list."""
    unit = measure["unit"]
    pairs = [("Owner", plain(measure["owner"]) or "Not recorded"),
             ("Directorate", plain(measure["directorate"])), ("Service", plain(measure["service"])),
             ("Which way is better", POLARITY_WORDS[rule.polarity]), ("Frequency", rule.frequency.value.capitalize()),
             ("Roll-up", ROLLUP_WORDS[rule.rollup.value]), ("Unit", plain(unit) or "Count"),
             ("Tolerance", tolerance_words(rule, unit)),
             ("Description", plain(measure["description"]) or "None recorded")]
    children = []
    for term, value in pairs:
        children += [html.Dt(term, className="col-sm-4"), html.Dd(value, className="col-sm-8")]
    return html.Dl(children, className="row mb-0 definition")


def spc_table(result: dict, labels: list[str], unit: str | None, decimals: int) -> dbc.Table:
    fmt = lambda v: format_value(v, unit, decimals)  # noqa: E731
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in
                               ("Period", "Actual", "Average", "Lower limit", "Upper limit", "Signal")]))
    body = html.Tbody([html.Tr([html.Th(label, scope="row"), html.Td(fmt(result["value"][i])),
                                html.Td(fmt(result["mean"][i])), html.Td(fmt(result["lpl"][i])),
                                html.Td(fmt(result["upl"][i])), html.Td(result["special_cause_type"][i] or "–")])
                       for i, label in enumerate(labels)])
    return dbc.Table([head, body], size="sm", striped=True, className="mb-0")


def spc_text(result: dict, labels: list[str], sentence: str, unit: str | None, decimals: int) -> list:
    """Icons in words, the narrative, rebases with their reasons, any trial-limit warning, and the values."""
    notes = [html.Li(f"Limits recalculated from {c['date']}: {c['reason'] or 'process change'}.")
             for c in result.get("rebase", [])]
    notes += [html.Li(w[0].upper() + w[1:] + ".") for w in result.get("warnings", [])]
    return [spc_icons(result), html.P(sentence, className="chart-summary"),
            html.Ul(notes, className="small text-body-secondary spc-notes") if notes else None,
            html.Details([html.Summary("Show the SPC chart's values as a table"),
                          scroll_region(spc_table(result, labels, unit, decimals), "The SPC chart's values")],
                         className="chart-table")]


def measure_panels(measure, values: dict, targets: dict, changes: list[dict], chosen: Choice | Period,
                   grain: str | None = None, view: str = "target") -> tuple:
    """Everything on the page that depends on the period (a Choice; a year under way is judged to date): (status
    panel, chart figure, chart text), the chart being the trend against target at the grain chosen or, for view
    "spc", the SPC chart over the whole history."""
    chosen = chosen if isinstance(chosen, Choice) else Choice(chosen)
    rule, period = Rule.of(measure), chosen.judged
    unit, decimals, title = measure["unit"], shown_decimals(measure["decimals"], values, targets), measure["title"]
    history, chart = trend.spc_chart(rule, values, targets, period, changes)
    sentence = narrative.describe(chart, unit=unit, decimals=decimals, period=trend.default_grain(rule))
    assessed = (assess_to_date(rule, values, targets, chosen.period, chosen.through) if chosen.through
                else assess(rule, values, targets, chosen.period))
    status = html.Div([
        period_notice(chosen, lambda label: f"/measure/{measure['code']}?" + urlencode({"period": label})),
        assessment_panel(assessed, rule, unit, decimals, forecast.year_end(rule, values, targets, period), sentence)])
    if view == "spc":
        return (status, figures.spc_figure(chart, history["labels"], unit=unit, decimals=decimals,
                                           title=f"{title}: statistical process control"),
                spc_text(chart, history["labels"], sentence, unit, decimals))
    rows, last_year = trend.trend(rule, values, targets, period, grain)
    return (status, figures.trend_figure(rows, last_year, unit=unit, decimals=decimals,
                                         title=f"{title}: against target"),
            chart_text(figures.trend_summary(rows, unit=unit, decimals=decimals, title=title),
                       values_table(rows, last_year, unit, decimals)))


def _unusable_words(value) -> str:
    if isinstance(value, (int, float)):
        if value != value:
            return "not a number"
        if abs(value) == float("inf"):
            return "infinite"
        return f"{value:.3g}, beyond ±10^15"
    return f"{str(value)[:20]!r}, not a number"


def unusable_notice(values: dict, targets: dict):
    """A warning naming each stored value or target that cannot be a figure (left out of status and charts), or
    None. Such a value can only have been written past the checks (by hand in the database, or before them)."""
    found = [("value", p, v) for p, v in getattr(values, "unusable", {}).items()] + \
        [("target", p, v) for p, v in getattr(targets, "unusable", {}).items()]
    if not found:
        return None
    items = [html.Li(f"The {what} for {p.label} is unusable ({_unusable_words(v)})") for what, p, v in
             sorted(found, key=lambda f: (f[1].start, f[0]))]
    return dbc.Alert([html.P([icon("bi-exclamation-triangle-fill"), "Unusable stored figures: left out of the status "
                              "and the charts until they are corrected (import or enter the right figure)."],
                             className="mb-1"), html.Ul(items, className="mb-0")],
                     color="warning", className="unusable-figures")
