"""Measure drill-down: `/measure/<code>?period=2026/27 Q2&view=spc&grain=quarter`. The URL holds the period, the view
(against target or SPC) and the chart's grain, so a shared link shows exactly this; the page is drawn whole from it."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from dashboards.audit_view import corrections_table
from dashboards.benchmark_view import comparison_section
from dashboards.components import breadcrumbs, page_main, page_title, period_picker, shown_values, single_filter
from dashboards.measure_view import (actions_table, commentary_list, definition_list, measure_panels, not_found,
                                     unusable_notice)
from dashboards.plan_view import intervention_forms, intervention_summary, supports
from dashboards.rebase_view import rebase_section
from dashboards.skeleton import with_skeleton
from data.core import db, loaders
from data.performance.assess import Rule
from data.performance.formatting import shown_decimals
from data.reporting import pages
from data.spc import trend
from data.spc.trend import GRAIN_LABELS, default_grain, grains
from security import identity

dash.register_page(__name__, path_template="/measure/<code>", name="Measure",
                   title=lambda code=None, **_: measure_title(code))

URL_CONTROLS = (ids.MEASURE_PERIOD, ids.MEASURE_VIEW, ids.MEASURE_GRAIN)
VIEWS = {"target": "Against target", "spc": "Pattern over time (SPC chart)"}
INTERNAL_NOTE = "Commentary and actions are shown to signed-in members."


def skeleton():
    return page_main([dcc.Store(id=ids.MEASURE_CODE), dcc.Store(id=ids.MEASURE_SHOWN),
                      dbc.Select(id=ids.MEASURE_PERIOD),
                      dbc.RadioItems(id=ids.MEASURE_GRAIN), dbc.RadioItems(id=ids.MEASURE_VIEW),
                      html.Div(id=ids.MEASURE_STATUS), html.Div(id=ids.MEASURE_TREND),
                      dcc.Store(id=ids.MEASURE_REBASE_DATE), dbc.Textarea(id=ids.MEASURE_REBASE_REASON),
                      html.Button(id=ids.MEASURE_REBASE_ACCEPT), html.Div(id=ids.MEASURE_REBASE_MESSAGE),
                      dbc.Input(id=ids.MEASURE_PLAN_TITLE), dbc.Input(id=ids.MEASURE_PLAN_DUE),
                      html.Button(id=ids.MEASURE_PLAN_OPEN), html.Div(id=ids.MEASURE_PLAN_MESSAGE),
                      dcc.Store(id=ids.MEASURE_PLAN_ID), dbc.Textarea(id=ids.MEASURE_PLAN_NOTE),
                      html.Button(id=ids.MEASURE_PLAN_CLOSE), html.Div(id=ids.MEASURE_PLAN_CLOSE_MESSAGE)])


def measure_title(code) -> str:
    """`HSG01 Rent loss from empty homes – Measure – Demo District Council` (Pages passes the path's code only)."""
    with db.connect() as conn:
        found = loaders.measures(conn, code=code) if code else None
    if found is None or found.empty:
        return page_title("Measure not found")
    return page_title(f"{code} {found['title'].iloc[0]}", "Measure")


def _choice(component_id, legend, options: dict, value):
    """A radio group (dbc.Tabs' ARIA fails axe) whose value the URL holds."""
    return html.Fieldset([html.Legend(legend, className="form-label fw-semibold fs-6 mb-1"),
                          dbc.RadioItems(id=component_id, value=value, inline=True,
                                         options=[{"label": v, "value": k} for k, v in options.items()])],
                         className="mb-2 meeting-hide")


def _chart(view: str, rule, grain: str, figure, text, rebase=None) -> list:
    graph_id, text_id, name = (
        (ids.MEASURE_SPC, ids.MEASURE_SPC_TEXT, "Statistical process control chart") if view == "spc"
        else (ids.MEASURE_TREND, ids.MEASURE_TREND_TEXT, "Trend against target"))
    section_id = ids.MEASURE_SPC_SECTION if view == "spc" else ids.MEASURE_TARGET_SECTION
    grain_choice = ([] if view == "spc" else
                    [_choice(ids.MEASURE_GRAIN, "Chart by", {g: GRAIN_LABELS[g] for g in grains(rule)}, grain)])
    return [_choice(ids.MEASURE_VIEW, "View", VIEWS, view), html.Section([
        *grain_choice, *([rebase] if view == "spc" and rebase is not None else []),
        # no toolbar: its ten tab stops included "Share chart", which offers the council's data to a cloud service
        dcc.Graph(id=graph_id, figure=figure, config={"displayModeBar": False, "responsive": True},
                  className="measure-graph", style={"height": "440px"}),
        html.Div(text, id=text_id, className="chart-text")], id=section_id, **{"aria-label": name})]


def _card(title, body, id_=None):
    content = html.Div(body, id=id_) if id_ else body
    return dbc.Card([dbc.CardHeader(html.H2(title, className="h5 mb-0")), dbc.CardBody(content)], className="mb-3")


def _history_card(history):
    """Every recorded change, newest first, folded away: who, when, from which file or form, old and new."""
    return _card("History of changes", html.Details([
        html.Summary(f"Show {len(history)} recorded change{'s' if len(history) != 1 else ''}"),
        corrections_table(history, limit=100)]), ids.MEASURE_HISTORY)


def _side_cards(page: pages.Measure, rule) -> list:
    if isinstance(page.commentary, str):   # pages.INTERNAL: the public gets one plain line, nothing internal is read
        commentary = _card("Commentary", html.P(INTERNAL_NOTE, className="text-body-secondary mb-0 internal-note"),
                           ids.MEASURE_COMMENTARY)
    else:
        commentary = _card("Commentary", commentary_list(page.commentary), ids.MEASURE_COMMENTARY)
    mp = page.plan
    actions = ([] if isinstance(page.actions, str) or mp is None else
               [_card("Intervention plan", [*intervention_summary(mp), html.Div(actions_table(page.actions),
                                                                                 id=ids.MEASURE_ACTIONS),
                                            *intervention_forms(mp)], ids.MEASURE_INTERVENTION)])
    plan_card = [] if mp is None else [_card("Council plan", supports(mp.objectives), ids.MEASURE_PLAN)]
    return [dbc.Col(commentary, lg=7),
            dbc.Col(plan_card + actions + [_card("Definition", definition_list(page.measure, rule), ids.MEASURE_DEFINITION)],
                    lg=5)]


def _benchmark_card(page: pages.Measure, code: str, query: dict) -> list:
    """*How we compare*, for a measure linked to a benchmark measure (none otherwise)."""
    if page.comparison is None:
        return []
    measure = page.measure
    decimals = shown_decimals(measure["decimals"], page.values)
    kept = {k: v for k, v in query.items() if v}
    return [_card("How we compare", comparison_section(page.comparison, code, kept, measure["unit"], decimals,
                                                       page.default_peers), ids.MEASURE_BENCHMARK)]


@with_skeleton(skeleton)
def layout(code=None, period=None, view=None, grain=None, peers=None, areas=None, **_query):
    with db.connect() as conn:
        page = pages.measure(conn, code, period, identity.viewer(), peers=peers, areas=areas) if code else None
    if page is None:
        return not_found(code)
    measure, chosen = page.measure, page.period
    if chosen is None:
        return page_main([html.H1(measure["title"]), html.P("No figures have been published yet.")])
    rule = Rule.of(measure)
    view = view if view in VIEWS else "target"
    grain = grain if grain in grains(rule) else default_grain(rule)
    status, figure, text = measure_panels(measure, page.values, page.targets, page.changes, chosen, grain, view)
    period_query = page.period_query
    rebase = rebase_section(trend.spc_chart(rule, page.values, page.targets, chosen.judged, page.changes)[1],
                            default_grain(rule), page.may_rebase) if view == "spc" else None
    picker, chart = single_filter(period_picker(ids.MEASURE_PERIOD, page.available, chosen)), _chart(
        view, rule, grain, figure, text, rebase)
    return page_main([
        breadcrumbs(("Overview", "/" + period_query),
                    (measure["directorate"], f"/directorate/{measure['directorate_slug']}{period_query}"),
                    (code, None)),
        dcc.Store(id=ids.MEASURE_CODE, data=code),
        html.H1([html.Span(code, className="measure-code me-2"), measure["title"]]),
        unusable_notice(page.values, page.targets),
        picker, shown_values(ids.MEASURE_SHOWN, URL_CONTROLS, picker, chart),
        html.Div(status, id=ids.MEASURE_STATUS, **{"aria-live": "polite"}),
        _card("Trend", chart),
        *_benchmark_card(page, code, {"period": period, "view": view, "grain": grain}),
        dbc.Row(_side_cards(page, rule)),
        *([] if page.history is None else [_history_card(page.history)]),
    ], "measure-page")
