"""Builders for the exceptions report: a count per reason, then each measure's case, worst first."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards.components import period_notice, status_badge
from dashboards.measure_view import action_status, day, plain
from data.performance import forecast
from data.spc import narrative
from data.performance.assess import Rule
from data.reporting.exceptions import HEADINGS, Case, counts
from data.performance.formatting import format_value
from data.core.periods import Period
from data.reporting.choice import Choice
from data.spc.trend import default_grain


def overdue_line(overdue: int) -> html.P:
    """How many of the listed measures' actions are past their due date and not completed."""
    words = (f"{overdue} overdue action{'s' if overdue != 1 else ''}: past the due date and not completed."
             if overdue else "No overdue actions.")
    return html.P([html.I(className="bi bi-alarm-fill me-1", **{"aria-hidden": "true"}), words],
                  className="fw-semibold exceptions-overdue mb-3")


def summary_table(cases: list[Case]) -> dbc.Table:
    rows = [html.Tr([html.Th(HEADINGS[key], scope="row"), html.Td(n)]) for key, n in counts(cases).items()]
    return dbc.Table([html.Thead(html.Tr([html.Th("Reason", scope="col"), html.Th("Measures", scope="col")])),
                      html.Tbody(rows)], size="sm", className="w-auto mb-3 exceptions-summary")


def _figures(case: Case) -> html.Ul:
    m, a = case.measure, case.assessment
    fmt = lambda v: format_value(v, m["unit"], m["decimals"])  # noqa: E731
    shown = (a.effective or a.period).label
    return html.Ul([
        html.Li([status_badge(a.status, prefix=f"{shown}: "), f" {fmt(a.value)} against {fmt(a.target)}"]),
        html.Li([status_badge(a.ytd_status, prefix="Year to date: "), f" {fmt(a.ytd_value)} against {fmt(a.ytd_target)}"]),
        html.Li([status_badge(case.forecast.status if case.forecast else "no_data", prefix="Forecast: "), " ",
                 forecast.sentence(case.forecast, m["unit"], m["decimals"])]),
    ], className="list-unstyled mb-2 exceptions-figures")


def _actions(actions: pd.DataFrame):
    if actions.empty:
        return html.P("No open actions.", className="mb-0 text-body-secondary")
    return html.Ul([html.Li([f"{plain(a.title)} — {plain(a.owner) or 'no owner'}, due {day(a.due_date) or 'not set'} (",
                             action_status(a), ")"]) for a in actions.itertuples()], className="mb-0")


INTERNAL_NOTE = "Commentary and actions are shown to signed-in members."


def case_article(case: Case, period: Period, comment: str | None, actions: pd.DataFrame | None,
                 names: bool = True) -> html.Article:
    """One measure's case; `actions` None (the public) leaves out commentary and actions, `names` False the owner."""
    m = case.measure
    rule = Rule.of(m)
    sentence = narrative.describe(case.chart, unit=m["unit"], decimals=m["decimals"],
                                  period=default_grain(rule))
    href = f"/measure/{m['code']}?" + urlencode({"period": period.label})
    where = [plain(m["directorate"]), plain(m["service"])]
    if names:
        where.append(f"owner {plain(m['owner']) or 'not recorded'}")
    internal = [] if actions is None else [
        html.H4("Commentary", className="h6 mb-1"),
        html.P(comment or "No commentary for this period.", className="commentary-text mb-2"),
        html.H4("Actions", className="h6 mb-1"),
        _actions(actions)]
    return html.Article([
        html.H3(dcc.Link(f"{m['code']} {m['title']}", href=href), className="h5 mb-1"),
        html.P(" · ".join(where), className="small text-body-secondary mb-2"),
        html.P([html.Strong("Why it is here: "), "; ".join(HEADINGS[r] for r in case.reasons) + "."],
               className="mb-2 exceptions-reasons"),
        _figures(case),
        html.P(sentence, className="mb-2"),
        *([html.P([html.Strong("How we compare: "), m["peer_sentence"]], className="mb-2 exceptions-peers")]
          if m.get("peer_sentence") else []),
        *internal,
    ], className="exceptions-item py-3")


def report(cases: list[Case], period: Choice, comments: dict | None, actions: pd.DataFrame | None,
           names: bool = True, peers: str = "") -> list:
    """The whole report body for a period. `comments`/`actions` None (the public's view) leaves them out and
    says so in one plain line; `names` False leaves out the owners; `peers` names the group the bottom quartile is
    among (empty when no measure is compared)."""
    heading = [html.P(f"Period: {period.name}", className="fw-semibold exceptions-print-period"),
               period_notice(period, lambda label: "/exceptions?" + urlencode({"period": label})),
               html.P(f"{HEADINGS['bottom_quartile']}: compared with {peers}, the council's default peer group.",
                      className="small text-body-secondary exceptions-peer-group") if peers else None]
    if not cases:
        return [*heading, dbc.Alert(f"No measures need attention in {period.name}.", color="secondary")]
    overdue = None
    if actions is None:
        note = [html.P(INTERNAL_NOTE, className="text-body-secondary internal-note")]
        articles = [case_article(c, period, None, None, names) for c in cases]
    else:
        note, overdue = [], int(actions["overdue"].sum()) if not actions.empty else 0
        open_actions = actions[actions["status"] != "completed"] if not actions.empty else actions
        articles = [case_article(c, period, (comments or {}).get(int(c.measure["id"])),
                                 open_actions[open_actions["measure_id"] == int(c.measure["id"])], names)
                    for c in cases]
    return [*heading, *note, summary_table(cases), overdue_line(overdue) if overdue is not None else None,
            html.H2(f"{len(cases)} measures need attention, most serious first", className="h4 mt-2"),
            html.Div(articles, className="exceptions-list")]
