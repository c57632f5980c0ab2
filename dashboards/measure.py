"""Measure drill-down: `/measure/<code>?period=2026/27 Q2`. The period lives in the URL; charts fill by callback."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from dashboards.measure_view import actions_table, commentary_body, definition_list, measure_panels, not_found
from dashboards.audit_view import corrections_table
from dashboards.rebase_view import rebase_section
from data.core import db, loaders
from data.core import audit
from data.people import access
from data.reporting import evaluation
from data.performance.assess import Rule
from data.spc import trend
from data.spc.trend import GRAIN_LABELS, default_grain, grains
from security import identity

dash.register_page(__name__, path_template="/measure/<code>", name="Measure",
                   title=lambda code=None, **_: f"{code or 'Measure'} – measure detail")


def _period_picker(period, options):
    picker = html.Div([html.Label("Period", htmlFor=ids.MEASURE_PERIOD, className="form-label fw-semibold"),
                       dbc.Select(id=ids.MEASURE_PERIOD, options=options, value=period.label)],
                      className="measure-period")
    return dbc.Row(dbc.Col(picker, xs=12, md=5, lg=4), className="mb-3")


def _grain_toggle(rule):
    options = [{"label": GRAIN_LABELS[g], "value": g} for g in grains(rule)]
    return html.Fieldset([html.Legend("Chart by", className="form-label fw-semibold fs-6 mb-1"),
                          dbc.RadioItems(id=ids.MEASURE_GRAIN, options=options, value=default_grain(rule),
                                         inline=True)], className="measure-grain mb-2")


def _graph(graph_id, text_id, figure=None, text=None):
    figure_prop = {} if figure is None else {"figure": figure}
    return [dcc.Graph(id=graph_id, config={"displaylogo": False, "responsive": True}, className="measure-graph",
                      style={"height": "440px"}, **figure_prop),
            html.Div(text, id=text_id, className="chart-text")]


def _views(rule, trend_figure=None, trend_text=None, rebase=None):
    """The target view and the SPC view of the same figures; a radio group (dbc.Tabs' ARIA fails axe) shows one."""
    choose = html.Fieldset([
        html.Legend("View", className="form-label fw-semibold fs-6 mb-1"),
        dbc.RadioItems(id=ids.MEASURE_VIEW, value="target", inline=True, options=[
            {"label": "Against target", "value": "target"},
            {"label": "Statistical process control (SPC)", "value": "spc"}]),
    ], className="measure-view mb-2")
    return [choose,
            html.Section([_grain_toggle(rule), *_graph(ids.MEASURE_TREND, ids.MEASURE_TREND_TEXT, trend_figure,
                                                       trend_text)],
                         id=ids.MEASURE_TARGET_SECTION, **{"aria-label": "Trend against target"}),
            html.Section([rebase, *_graph(ids.MEASURE_SPC, ids.MEASURE_SPC_TEXT)], id=ids.MEASURE_SPC_SECTION,
                         hidden=True,
                         **{"aria-label": "Statistical process control chart"})]


def _card(title, body, id_=None):
    content = html.Div(body, id=id_) if id_ else body
    return dbc.Card([dbc.CardHeader(html.H2(title, className="h5 mb-0")), dbc.CardBody(content)], className="mb-3")


HIDDEN_NAME = "Not shown publicly"


def _commentary_card(comments):
    """Commentary for members and above; the public gets one plain line instead (nothing internal is read)."""
    return _card("Commentary", commentary_body(comments), ids.MEASURE_COMMENTARY)


def layout(code=None, period=None, **_query):
    if code is None:  # Dash calls every layout() with no arguments to validate callbacks
        return not_found(None)
    viewer = identity.viewer()
    with db.connect() as conn:
        found = loaders.measures(conn, code=code)
        if found.empty:
            return not_found(code)
        measure = access.hide_names(found, viewer).iloc[0].copy()
        if not viewer.may_see_names:
            measure["owner"] = HIDDEN_NAME
        chosen, _ = evaluation.resolve_period(conn, period, viewer)  # never a period the viewer may not see
        periods = evaluation.period_options(conn, viewer)
        if chosen is not None:
            # The first view is drawn here, not by a callback after the page arrives: one round trip fewer.
            values, targets = access.figures(conn, [measure["id"]], viewer)[int(measure["id"])]
            changes = loaders.process_changes(conn, int(measure["id"]))
            status, trend_figure, trend_text, _, _ = measure_panels(measure, values, targets, changes, chosen, None)
            rule = Rule.of(measure)
            _, chart = trend.spc_chart(rule, values, targets, chosen.judged, changes)
            may_rebase = access.can_edit(viewer, _service_id(conn, measure))
            rebase = rebase_section(chart, trend.default_grain(rule), may_rebase)
        comments = actions = None
        if viewer.sees_internal:
            comments = evaluation.measure_commentary(conn, int(measure["id"]), chosen, viewer)
            actions = access.hide_names(loaders.actions(conn, [int(measure["id"])]), viewer)
        # The audit trail holds drafts and every earlier figure: for those who may change the measure.
        history = (audit.history(conn, int(measure["id"]))
                   if access.can_edit(viewer, _service_id(conn, measure)) else None)
    if chosen is None:
        return html.Main([html.H1(measure["title"]), html.P("No figures have been published yet.")],
                         className="container py-3")
    rule = Rule.of(measure)
    crumbs = html.Nav(html.Ol([
        html.Li(dcc.Link("Overview", href="/"), className="breadcrumb-item"),
        html.Li(dcc.Link(measure["directorate"], href=f"/directorate/{measure['directorate_slug']}"),
                className="breadcrumb-item"),
        html.Li(code, className="breadcrumb-item active", **{"aria-current": "page"}),
    ], className="breadcrumb mb-2"), **{"aria-label": "Breadcrumb"})
    return html.Main([
        dcc.Location(id=ids.MEASURE_LOCATION, refresh=False),  # writes ?period= without re-rendering the page
        dcc.Store(id=ids.MEASURE_CODE, data=code),
        crumbs,
        html.H1([html.Span(code, className="measure-code me-2"), measure["title"]], className="h3 mb-3"),
        _period_picker(chosen, periods),
        html.Div(status, id=ids.MEASURE_STATUS, **{"aria-live": "polite"}),
        _card("Trend", _views(rule, trend_figure, trend_text, rebase)),
        dbc.Row([
            dbc.Col(_commentary_card(comments), lg=7),
            dbc.Col(([] if actions is None else [_card("Intervention actions", actions_table(actions),
                                                         ids.MEASURE_ACTIONS)])
                    + [_card("Definition", definition_list(measure, rule), ids.MEASURE_DEFINITION)], lg=5),
        ]),
        *([] if history is None else [_history_card(history)]),
    ], className="container-fluid py-3 measure-page")


def _service_id(conn, measure) -> int | None:
    found = loaders.services(conn, measure["directorate_slug"])
    match = found.loc[found["slug"] == measure["service_slug"], "id"]
    return int(match.iloc[0]) if len(match) else None


def _history_card(history):
    """Every recorded change, newest first, folded away: who, when, from which file or form, old and new."""
    return _card("History of changes", html.Details([
        html.Summary(f"Show {len(history)} recorded change{'s' if len(history) != 1 else ''}"),
        corrections_table(history, limit=100)]), ids.MEASURE_HISTORY)
