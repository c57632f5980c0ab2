"""Builders for a directorate: the director's commentary, a card and a table row per measure, and the trend small
multiples (quarterly, then monthly per service) with their words. Pure: results in, components out."""

from __future__ import annotations

import math

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from dashboards.chart_style import MARKER_WORDS, tick_label
from dashboards.charts import multiples_figure, multiples_summary, sparkline_src, sparkline_text
from dashboards.components import direction_badge, empty_message, scroll_region, status_badge
from data.performance.formatting import format_value
from dashboards.spc_view import spc_icons
from data.performance.status import Direction, Status
from data.reporting import pages, views
from data.reporting.selection import Selection
from data.reporting.trends import MONTHLY_MONTHS

INTERNAL_NOTE = "The director's commentary is shown to signed-in members."


def commentary_section(commentary: dict | str | None, period) -> list:
    """The director's commentary for the period; pages.INTERNAL (the public's view) gives one plain line instead."""
    if commentary == pages.INTERNAL:
        return [html.H2("Director's commentary"), html.P(INTERNAL_NOTE, className="text-body-secondary internal-note")]
    text = commentary["text"] if commentary else f"The director has not commented on {period.name}."
    byline = f"{commentary['author']}, {period.name}" if commentary else None
    return [html.H2("Director's commentary"),
            html.Figure([html.Blockquote(html.P(text, className="mb-1"), className="mb-0"),
                         html.Figcaption(byline, className="blockquote-footer mt-1") if byline else None],
                        className="director-commentary")]


def measure_card(r: dict, spark_src: str, spark_text: str, period_query: str, spc=None) -> dbc.Card:
    """Value with unit, target, status (icon and word), direction of travel, SPC icons (`spc`), the plain-English
    reading of the figures, and a sparkline of recent periods."""
    has_target = r["target"] is not None and not math.isnan(r["target"])
    target = f"Target {r['target_text']}" if has_target else "No target"
    direction = r["direction_previous"]
    return dbc.Card(dbc.CardBody([
        html.H3(dcc.Link([html.Span(r["code"], className="measure-code"), " ", r["title"]],
                         href=f"/measure/{r['code']}{period_query}"), className="h6 card-title"),
        html.Div([html.Span(r["value_text"], className="card-value"),
                  html.Span(target, className="card-target ms-2")], className="mb-1"),
        html.Div([status_badge(r["status"]), " ", direction_badge(Direction(direction) if direction else None,
                                                                 "last period")], className="mb-2 small"),
        spc,
        *([html.P(r["narrative"], className="card-narrative small mb-2")] if r.get("narrative") else []),
        html.Img(src=spark_src, alt=spark_text, className="sparkline", width=120, height=32),
    ]), className="measure-card h-100")


def measures_section(selection: Selection, sparklines: dict[int, list[dict]]) -> list:
    """The headline and a card per measure the filters select, or a plain "nothing matches"."""
    if selection.empty:
        return [html.H2("Measures"), empty_message("measures", selection.described, selection.clear_href)]
    cards = []
    for r in selection.records():
        rows = sparklines[r["id"]]
        cards.append(measure_card(r, sparkline_src([x["value"] for x in rows]),
                                  f"{r['code']} sparkline. " + sparkline_text(rows, r["unit"], r["decimals"]),
                                  selection.period_query,
                                  spc_icons(r, *views.short_words(r["variation_icon"]),
                                            class_name="list-unstyled spc-icons small mb-2")))
    return [html.H2("Measures"), html.P(selection.headline, className="lead"),
            html.Div(cards, className="card-grid")]


# Every cell wraps rather than cutting a figure short ("£194,7…"): the columns are wide enough for their words.
_WRAP = {"wrapText": True, "autoHeight": True}
GRID_COLUMNS = [
    {"field": "code", "headerName": "Code", "width": 90, "pinned": "left"},
    {"field": "title", "headerName": "Measure", "flex": 2, "minWidth": 190, **_WRAP},
    {"field": "service", "headerName": "Service", "flex": 1, "minWidth": 130, **_WRAP},
    {"field": "value_text", "headerName": "Value", "minWidth": 120, "flex": 1, "type": "rightAligned", **_WRAP},
    {"field": "target_text", "headerName": "Target", "minWidth": 120, "flex": 1, "type": "rightAligned", **_WRAP},
    {"field": "status_text", "headerName": "Status", "minWidth": 170, **_WRAP},
    {"field": "direction_text", "headerName": "On last period", "minWidth": 150, **_WRAP},
    {"field": "variation_text", "headerName": "Pattern in the figures (SPC variation)", "minWidth": 200, **_WRAP},
    {"field": "assurance_text", "headerName": "Will it meet target? (SPC assurance)", "minWidth": 200, **_WRAP},
]


def peers_column(heading: str) -> dict:
    """The quartile among peers, headed with the group's name (`Among peers (family group Family A)`)."""
    return {"field": "peer_text", "headerName": heading, "minWidth": 190, **_WRAP}


def measure_grid(grid_id: str, rows: list[dict] | None = None, peers: str | None = None) -> dag.AgGrid:
    """Sortable, filterable table of measures (grid_rows); with `peers` (its heading), the quartile among peers too."""
    return dag.AgGrid(id=grid_id, columnDefs=GRID_COLUMNS + ([peers_column(peers)] if peers else []), rowData=rows or [],
                      className="ag-theme-quartz measure-grid",
                      defaultColDef={"sortable": True, "filter": True, "resizable": True, "wrapHeaderText": True,
                                     "autoHeaderHeight": True},
                      dashGridOptions={"domLayout": "autoHeight", "ensureDomOrder": True,
                                       "suppressColumnVirtualisation": True},
                      # a cell a spreadsheet would run gets a leading quote (assets/dashAgGridFunctions.js)
                      csvExportParams={"fileName": "measures.csv",
                                       "processCellCallback": {"function": "csvSafeCell(params)"}},
                      style={"width": "100%"})


def grid_rows(results) -> list[dict]:
    """The grid's rows: status, direction, variation and assurance as words (and a symbol), never colour alone."""
    rows = []
    for r in results.to_dict("records"):
        status = Status(r["status"])
        direction = Direction(r["direction_previous"]) if r["direction_previous"] else None
        rows.append({"code": r["code"], "title": r["title"], "service": r["service"], "value_text": r["value_text"],
                     "target_text": r["target_text"], "status_text": f"{status.icon} {status.label}",
                     "direction_text": f"{direction.arrow} {direction.label}" if direction else "–",
                     "peer_text": r.get("peer_text", "–"),
                     **dict(zip(("variation_text", "assurance_text"),
                                views.spc_words(r["variation_icon"], r["assurance_icon"])))})
    return rows


def table_section(rows: list[dict], peers: str | None = None) -> html.Section:
    return html.Section([
        html.Div([html.H2("Table of measures", className="me-auto mb-0"),
                  html.Button([html.I(className="bi bi-download me-1", **{"aria-hidden": "true"}), "Download CSV"],
                              id=ids.DIRECTORATE_CSV, type="button", className="btn btn-outline-primary btn-sm")],
                 className="d-flex align-items-center gap-2 mb-2"),
        html.P("Sort by a column heading; filter from its menu.", className="small text-body-secondary"),
        measure_grid(ids.DIRECTORATE_GRID, rows, peers),
        print_table(rows, peers),
    ], className="mb-4 meeting-hide", **{"aria-label": "Table of measures"})


def print_table(rows: list[dict], peers: str | None = None) -> html.Table:
    """The grid's rows as a plain table for paper only (assets/print.css): a grid draws only the rows on screen,
    and this one breaks between rows and fits the page's width."""
    columns = GRID_COLUMNS + ([peers_column(peers)] if peers else [])
    head = html.Thead(html.Tr([html.Th(c["headerName"], scope="col") for c in columns]))
    body = html.Tbody([html.Tr([html.Th(r["code"], scope="row")] + [html.Td(r.get(c["field"], "–"))
                                                                     for c in columns[1:]]) for r in rows])
    return html.Table([head, body], className="table table-sm print-only print-table")


def trends_section(count: int) -> html.Section:
    """The trend charts are drawn only when asked for (a county directorate has dozens of measures)."""
    if not count:
        return html.Section([html.H2("Trends"), html.P("No charts: no measures match these filters.",
                                                       className="text-body-secondary")], className="mb-4")
    return html.Section([
        html.H2("Trends"),
        html.Button(f"Show the trend charts of these {count} measure{'s' if count != 1 else ''}", type="button",
                    id=ids.DIRECTORATE_TRENDS, className="btn btn-outline-primary btn-sm mb-3",
                    **{"aria-controls": ids.DIRECTORATE_TRENDS_BODY, "aria-expanded": "false"}),
        html.Div(id=ids.DIRECTORATE_TRENDS_BODY, **{"aria-live": "polite"})], className="mb-4",
        id=ids.DIRECTORATE_CHARTS)


def chart_figure(panels: list[dict], heading: str, caption: str, level=html.H3, large=False) -> html.Figure:
    """A graph with its text alternative: a caption and, on request, one sentence per panel."""
    return html.Figure([
        level(heading),
        dcc.Graph(figure=multiples_figure(panels, large=large, label=f"{heading}: small multiple charts"),
                  config={"displayModeBar": False, "responsive": True}, className="multiples"),
        html.Figcaption([html.P(caption, className="mb-1"), html.Details([
            html.Summary("These charts in words"), html.Ul([html.Li(s) for s in multiples_summary(panels)])]),
            html.Details([html.Summary("These charts as a table"),
                          scroll_region(multiples_table(panels), f"{heading}: the charts' values")],
                         className="chart-table")]),
    ], className="chart-figure")


def multiples_table(panels: list[dict]) -> dcc.Markdown:
    """What the small multiples plot, as a table: each measure's periods with value, target and status. One
    Markdown table (a real <table>), not a component per cell: hundreds of cells as Dash components take the
    browser seconds to draw."""
    def cell(text) -> str:
        return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")

    lines = ["| Measure | Period | Value | Target | Status |", "|---|---|---:|---:|---|"]
    for panel in panels:
        fmt = lambda v: "–" if v is None or (isinstance(v, float) and math.isnan(v)) else format_value(  # noqa: E731
            v, panel["unit"], panel["decimals"])
        lines += [f"| {cell(panel['title'])} | {cell(tick_label(r['label']))} | {cell(fmt(r['value']))} | "
                  f"{cell(fmt(r['target']))} | {cell(Status(r['status']).label)} |" for r in panel["rows"]]
    return dcc.Markdown("\n".join(lines), className="multiples-table")


def trend_charts(quarterly: list[dict], monthly: dict[str, list[dict]], large=False) -> list:
    """Quarterly trend small multiples, then the monthly view per service with target and tolerance band."""
    caption = ("Each panel shows a measure's quarterly value (solid line), its target (dashed) and the tolerance band "
               f"(shaded); markers show status: {MARKER_WORDS}.")
    by_quarter = ([chart_figure(quarterly, "By quarter", caption, level=html.H4, large=large)] if quarterly else
                  [html.P("No quarterly or monthly measures match these filters.")])
    out = [html.Section([html.H3("Last eight quarters"), *by_quarter], className="mb-4")]
    monthly_sections = [chart_figure(panels, service, f"{service}: monthly values for the last {MONTHLY_MONTHS} months "
                                     "with target (dashed) and tolerance band (shaded).", level=html.H4, large=large)
                        for service, panels in monthly.items()]
    out.append(html.Section([html.H3("Monthly view"), *(monthly_sections or [
        html.P("No monthly measures match these filters.")])], className="mb-4 monthly-view"))
    return out
