"""Builders for the authority overview: the headline, a tile per status, status by directorate and by priority, the
SPC matrix and selection, and what needs attention. Pure: results in, components out."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards.components import empty_message, period_notice, scroll_region, status_badge
from dashboards.spc_view import spc_matrix_section
from data.performance.status import Status
from data.reporting import views
from data.reporting.selection import Selection

STATUS_COLUMNS = [Status.ON_TARGET, Status.WITHIN_TOLERANCE, Status.BELOW_TARGET, Status.NO_DATA, Status.ANNUAL,
                  Status.DATA_ONLY]


def count_tiles(counts: dict[str, int]) -> dbc.Row:
    """One tile per status: the number, the icon and the words."""
    return dbc.Row([dbc.Col(html.Div([html.Div(str(counts[s.value]), className="count-number"), status_badge(s)],
                                     className=f"count-tile count-{s.value}"), xs=6, md=4, xl=2)
                    for s in STATUS_COLUMNS], className="g-2 mb-4")


def status_matrix_table(rows: list[dict], caption: str, group_label: str) -> html.Table:
    """Groups down, statuses across, each group a link (its `href`), with a stacked bar drawn in CSS."""
    head = html.Thead(html.Tr([html.Th(group_label, scope="col")]
                              + [html.Th(status_badge(s), scope="col", className="text-end") for s in STATUS_COLUMNS]
                              + [html.Th("Share", scope="col", className="matrix-bar-col")]))
    body = []
    for row in rows:
        total = row["total"] or 1
        bar = html.Div([html.Span(className=f"bar-seg bg-status-{s.value}",
                                  style={"width": f"{100 * row[s.value] / total:.1f}%"}) for s in STATUS_COLUMNS
                        if row[s.value]], className="matrix-bar", **{"aria-hidden": "true"})
        body.append(html.Tr([html.Th(dcc.Link(row["name"], href=row["href"]), scope="row")]
                            + [html.Td(str(row[s.value]), className="text-end", **{"data-label": s.label})
                               for s in STATUS_COLUMNS]
                            + [html.Td(bar, className="matrix-bar-col")]))
    # On a narrow screen each row stacks into a block of "status: count" lines (assets/style.css, .table-stack)
    return html.Table([html.Caption(caption), head, html.Tbody(body)],
                      className="table table-sm align-middle status-matrix table-stack")


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


def spc_selection(selection: Selection):
    """Every measure a variation/assurance filter selects (the matrix's links lead here); None without one."""
    rows = selection.in_spc_group()
    if rows is None:
        return None
    return html.Section([
        html.H2("Measures in this selection"),
        html.P(f"{len(rows)} measure{'s' if len(rows) != 1 else ''} with {selection.spc_group_words()}.",
               className="text-body-secondary"),
        measure_list(rows, selection.period_query),
    ], className="mb-4", id="spc-selection")


def peers_heading(peers) -> str:
    """`Among peers (family group Family A)`: the column's heading names the group (a PeerGroup)."""
    return f"Among peers ({peers.label})" if peers else "Among peers"


def peers_words(peers) -> str:
    """Which group the quartiles are among, and whether it is the council's default."""
    return (f"Quartiles among {peers.label}" + (", the council's default peer group" if peers.is_default else
                                                 f" (chosen here; the council's default is {peers.default_label})")
            + ". Choose another under Peer group.")


def peers_section(selection: Selection, peers=None):
    """With `?peers=`: each compared measure's quartile among the peer group (None without the filter)."""
    if not selection.filters.peers:
        return None
    shown = selection.shown
    compared = shown[shown["peer_quartile"].notna()] if "peer_quartile" in shown else shown.iloc[0:0]
    group = f"?{urlencode({'peers': peers.key})}" if peers else ""
    rows = [html.Tr([html.Th(dcc.Link(f"{r['code']} {r['title']}", href=f"/measure/{r['code']}{group}"),
                             scope="row"), html.Td(r["directorate"]), html.Td(r["peer_text"])])
            for r in compared.sort_values(["peer_quartile", "code"], ascending=[False, True]).to_dict("records")]
    label = peers.label if peers else "each measure's peers"
    table = (html.Table([html.Caption(f"Quartile among {label} for each compared measure, bottom first"),
                         html.Thead(html.Tr([html.Th("Measure", scope="col"), html.Th("Directorate", scope="col"),
                                             html.Th(peers_heading(peers), scope="col")])), html.Tbody(rows)],
                        className="table table-sm") if rows else
             html.P("None of these measures is compared with peers."))
    return html.Section([html.H2(peers_heading(peers)),
                         html.P(peers_words(peers), className="text-body-secondary") if peers else None, table],
                        className="mb-4", id="among-peers")


def overview_body(selection: Selection, names: dict, peers=None) -> list:
    """The body under the headline for what the filters select."""
    spc = spc_matrix_section(selection)
    if selection.empty:
        return [empty_message("measures", selection.described, selection.clear_href), spc]
    name = selection.period.name
    attention = selection.attention()
    return [
        period_notice(selection.period, lambda label: "/" + selection.filters.with_(period=label).to_search()),
        count_tiles(selection.counts),
        spc_selection(selection),
        peers_section(selection, peers),
        html.Section([html.H2("Status by directorate"), status_matrix_table(
            selection.by_directorate(names["directorate"]), f"Measures by status in each directorate, {name}",
            "Directorate")], className="mb-4"),
        html.Section([html.H2("Status by council priority"), status_matrix_table(
            selection.by_priority(names["priority"]), f"Measures by status under each council priority, {name}",
            "Priority")], className="mb-4"),
        spc,
        html.Section([html.H2("Needs attention"),
                      html.P("Measures below target, and measures worse than both the previous period and the same "
                             "period last year.", className="text-body-secondary"),
                      attention_list(attention, selection.period_query) if attention
                      else html.P("No measure needs attention with these filters.")],
                     className="mb-4", id="needs-attention"),
        context_section(selection),
    ]


def context_section(selection: Selection) -> html.Section | None:
    """Context indicators (wider figures outside the council's control), apart from its own performance and
    never counted in its status totals."""
    frame = selection.context
    if frame is None or frame.empty:
        return None
    rows = [html.Tr([html.Td(dcc.Link(r["code"], href=f"/measure/{r['code']}{selection.period_query}")),
                     html.Td(r["title"]), html.Td(r["value_text"] or "No data"), html.Td(r["directorate"])])
            for r in frame.to_dict("records")]
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in ("Code", "Indicator", selection.period.name,
                                                                    "Directorate")]))
    return html.Section([
        html.H2("Context indicators"),
        html.P("Wider economic and social figures outside the council's control, for context: they are not "
               "counted in the status totals above.", className="text-body-secondary"),
        scroll_region(dbc.Table([head, html.Tbody(rows)], size="sm", className="mb-0"), "Context indicators")],
        className="mb-4 context-indicators",
        id="context-indicators")
