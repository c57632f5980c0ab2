"""Builders for the authority overview: the headline, a tile per status, status by directorate and by priority, the
SPC matrix and selection, and what needs attention. Pure: results in, components out."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards.components import empty_message, period_notice, status_badge
from dashboards.spc_view import spc_matrix_section
from data.performance import summary
from data.performance.status import Status
from data.reporting import views

STATUS_COLUMNS = [Status.ON_TARGET, Status.WITHIN_TOLERANCE, Status.BELOW_TARGET, Status.NO_DATA, Status.ANNUAL,
                  Status.DATA_ONLY]


def count_tiles(counts: dict[str, int]) -> dbc.Row:
    """One tile per status: the number, the icon and the words."""
    return dbc.Row([dbc.Col(html.Div([html.Div(str(counts[s.value]), className="count-number"), status_badge(s)],
                                     className=f"count-tile count-{s.value}"), xs=6, md=4, xl=2)
                    for s in STATUS_COLUMNS], className="g-2 mb-4")


def status_matrix_table(rows: list[dict], caption: str, group_label: str, href) -> html.Table:
    """Groups down, statuses across, each group a link (`href(slug)`), with a stacked bar drawn in CSS."""
    head = html.Thead(html.Tr([html.Th(group_label, scope="col")]
                              + [html.Th(status_badge(s), scope="col", className="text-end") for s in STATUS_COLUMNS]
                              + [html.Th("Share", scope="col", className="matrix-bar-col")]))
    body = []
    for row in rows:
        total = row["total"] or 1
        bar = html.Div([html.Span(className=f"bar-seg bg-status-{s.value}",
                                  style={"width": f"{100 * row[s.value] / total:.1f}%"}) for s in STATUS_COLUMNS
                        if row[s.value]], className="matrix-bar", **{"aria-hidden": "true"})
        body.append(html.Tr([html.Th(dcc.Link(row["name"], href=href(row["slug"])), scope="row")]
                            + [html.Td(str(row[s.value]), className="text-end") for s in STATUS_COLUMNS]
                            + [html.Td(bar, className="matrix-bar-col")]))
    return html.Table([html.Caption(caption), head, html.Tbody(body)],
                      className="table table-sm align-middle status-matrix")


def _measure_item(r: dict, period_query: str, detail: str) -> html.Li:
    return html.Li([dcc.Link(f"{r['code']} {r['title']}", href=f"/measure/{r['code']}{period_query}",
                             className="fw-semibold"), " ", status_badge(r["status"]),
                    html.Div(detail, className="small text-body")], className="list-group-item")


def measure_list(rows: list[dict], period_query: str) -> html.Ul:
    """Each measure: link to its page, status, directorate, and its variation and assurance in symbols and words."""
    items = []
    for r in rows:
        variation, assurance = views.spc_words(r["variation_icon"], r["assurance_icon"])
        items.append(_measure_item(r, period_query,
                                   f"{r['directorate']}. Variation: {variation}. Assurance: {assurance}."))
    return html.Ul(items, className="list-group attention-list")


def attention_list(rows: list[dict], period_query: str) -> html.Ul:
    """Each measure needing attention: link to its page, status, value against target, why it is listed."""
    items = []
    for r in rows:
        reasons = []
        if Status(r["status"]) is Status.BELOW_TARGET:
            reasons.append(f"{r['value_text']} against a target of {r['target_text']}")
        if r["direction_previous"] == "worsening" and r["direction_last_year"] == "worsening":
            reasons.append("worse than last period and last year")
        items.append(_measure_item(r, period_query, f"{r['directorate']}: " + "; ".join(reasons)))
    return html.Ul(items, className="list-group attention-list")


def spc_selection(shown, filters: views.Filters, period_query: str):
    """Every measure a variation/assurance filter selects (the matrix's links lead here); None without one."""
    if not (filters.variation or filters.assurance):
        return None
    words = views.describe(views.Filters(variation=filters.variation, assurance=filters.assurance), {})
    return html.Section([
        html.H2("Measures in this selection"),
        html.P(f"{len(shown)} measure{'s' if len(shown) != 1 else ''} with {words}.", className="text-body-secondary"),
        measure_list(shown.sort_values(["severity", "directorate", "code"]).to_dict("records"), period_query),
    ], className="mb-4", id="spc-selection")


def overview_body(results, filters: views.Filters, period, names: dict):
    """(headline sentence, body children) for the results the filters select; `filters.period` is the period as
    the URL carries it ("" for the default)."""
    period_query = views.Filters(period=filters.period).to_search()
    shown = views.apply(results, filters)
    spc = spc_matrix_section(results, filters, period.name, "/")
    if shown.empty:
        described = views.describe(filters, {k: dict(zip(v["slug"], v["name"])) for k, v in names.items()})
        return f"{period.name}: no measures match these filters.", [
            empty_message("measures", described, "/" + period_query), spc]
    by_directorate = [r for r in views.status_matrix(shown, "directorate_slug", names["directorate"]) if r["total"]]
    by_priority = [r for r in views.status_matrix(shown, "priority_slug", names["priority"]) if r["total"]]
    attention = views.needs_attention(shown)
    return f"{period.name}. {summary.headline(shown)}", [
        period_notice(period, lambda label: "/" + filters.with_(period=label).to_search()),
        count_tiles(summary.counts(shown)),
        spc_selection(shown, filters, period_query),
        html.Section([html.H2("Status by directorate"), status_matrix_table(
            by_directorate, f"Measures by status in each directorate, {period.name}", "Directorate",
            lambda slug: f"/directorate/{slug}" + filters.with_(directorate="").to_search())], className="mb-4"),
        html.Section([html.H2("Status by council priority"), status_matrix_table(
            by_priority, f"Measures by status under each council priority, {period.name}", "Priority",
            lambda slug: "/" + filters.with_(priority=slug).to_search())], className="mb-4"),
        spc,
        html.Section([html.H2("Needs attention"),
                      html.P("Measures below target, and measures worse than both the previous period and the same "
                             "period last year.", className="text-body-secondary"),
                      attention_list(attention.to_dict("records"), period_query) if len(attention)
                      else html.P("No measure needs attention with these filters.")],
                     className="mb-4", id="needs-attention"),
    ]
