"""Pure builders of page fragments. Status is always icon + words, never colour alone."""

from __future__ import annotations

import math

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from data.core import settings
from data.reporting import views
from data.performance.status import Direction, Status

# Bootstrap icon per status; the colours live once in assets/style.css as .status-<value>.
STATUS_ICON_CLASS = {
    Status.ON_TARGET: "bi-check-circle-fill",
    Status.WITHIN_TOLERANCE: "bi-exclamation-triangle-fill",
    Status.BELOW_TARGET: "bi-x-octagon-fill",
    Status.DATA_ONLY: "bi-info-circle",
    Status.ANNUAL: "bi-calendar-event",
    Status.NO_DATA: "bi-dash-circle",
}
DIRECTION_ICON_CLASS = {
    Direction.IMPROVING: "bi-arrow-up-right",
    Direction.NO_CHANGE: "bi-arrow-right",
    Direction.WORSENING: "bi-arrow-down-right",
}


def status_badge(status: Status | str, prefix: str = "") -> html.Span:
    """`✔ On target` as an icon and words in the status colour; `prefix` reads e.g. `Year to date: `."""
    status = Status(status)
    return html.Span([html.I(className=f"bi {STATUS_ICON_CLASS[status]} me-1", **{"aria-hidden": "true"}),
                      prefix + status.label], className=f"status-badge status-{status.value}")


def direction_badge(direction: Direction | None, against: str) -> html.Span:
    """An arrow and words (`Improving on last quarter`); `No comparison` when there is none."""
    if direction is None:
        return html.Span(f"No comparison with {against}", className="direction direction-none")
    return html.Span([html.I(className=f"bi {DIRECTION_ICON_CLASS[direction]} me-1", **{"aria-hidden": "true"}),
                      f"{direction.label} on {against}"], className=f"direction direction-{direction.value}")


def account_item(viewer=None, csrf: str = "") -> dbc.NavItem:
    """"Sign in" (the /login page) for a visitor; for someone signed in, "Sign out (name)": a plain POST form to
    /auth/sign-out carrying the session's CSRF token, as on the sign-in page."""
    if viewer is None or not viewer.signed_in:
        return dbc.NavItem(dbc.NavLink([html.I(className="bi bi-box-arrow-in-right me-1", **{"aria-hidden": "true"}),
                                        "Sign in"], href="/login", id=ids.SHELL_SIGN_IN, external_link=True))
    name = viewer.display_name or viewer.username
    return dbc.NavItem(html.Form([
        dcc.Input(type="hidden", name="csrf_token", value=csrf),
        html.Button([html.I(className="bi bi-box-arrow-right me-1", **{"aria-hidden": "true"}), f"Sign out ({name})"],
                    type="submit", id=ids.SHELL_SIGN_OUT, className="btn btn-link nav-link"),
    ], action="/auth/sign-out", method="POST", className="d-inline"))


WORK_PAGES = [("editor", "Data entry", "/entry"), ("officer", "Import", "/import")]


def navbar(directorates=(), viewer=None, csrf: str = ""):
    """Header: brand, overview, a menu of directorates, the meeting-mode toggle, and sign in or out.

    `directorates` is [{"slug", "name"}]; their paths are also the stops the meeting-mode arrow keys step through.
    `viewer` (data.people.access.Viewer) decides between "Sign in" and "Sign out (name)"; `csrf` is the session's token.
    """
    menu = dbc.DropdownMenu([dbc.DropdownMenuItem(d["name"], href=f"/directorate/{d['slug']}")
                             for d in directorates], label="Directorates", nav=True, in_navbar=True,
                            id=ids.SHELL_DIRECTORATES_MENU)
    toggle = html.Button([html.I(className="bi bi-easel me-1", **{"aria-hidden": "true"}), "Meeting mode"],
                         id=ids.SHELL_MEETING_TOGGLE, type="button", className="btn btn-outline-light btn-sm ms-lg-3",
                         **{"aria-pressed": "false"})
    stops = ["/"] + [f"/directorate/{d['slug']}" for d in directorates]
    # Links to the pages a role may use; the pages and their callbacks check the role again on the server.
    work = [dbc.NavItem(dbc.NavLink(name, href=href)) for role, name, href in WORK_PAGES
            if viewer is not None and viewer.at_least(role)]
    return html.Header([
        dbc.NavbarSimple([dbc.NavItem(dbc.NavLink("Overview", href="/")), menu,
                          dbc.NavItem(dbc.NavLink("Exceptions", href="/exceptions")), *work, dbc.NavItem(toggle),
                          account_item(viewer, csrf)],
                         brand=settings.get("COUNCIL_NAME") + " performance", brand_href="/", color="dark",
                         dark=True, fluid=True, className="meeting-hide-soft"),
        html.Div(id=ids.SHELL_STOPS, hidden=True, **{"data-stops": ",".join(stops)}),
        html.P(["Meeting mode: press ", html.Kbd("←"), " or ", html.Kbd("→"), " to move between pages. ",
                html.Button("Leave meeting mode", type="button", className="btn btn-link p-0 align-baseline "
                            "js-meeting-exit")], className="meeting-only meeting-hint"),
    ])


# --- filters ---------------------------------------------------------------------------------------------------
# dbc.Select shows a blank placeholder for the value "", so "all" stands for no filter (views.Filters.of_controls).
ALL = views.ALL


def select_filter(component_id: str, label: str, options: list[dict], value: str, all_label: str | None = None):
    """A native <select> named by its visible label (Dash 4's dcc.Dropdown is not named by a <label>)."""
    choices = ([{"label": all_label, "value": ALL}] if all_label else []) + options
    return html.Div([html.Label(label, htmlFor=component_id, className="form-label fw-semibold mb-1"),
                     dbc.Select(id=component_id, options=choices, value=value or ALL)],
                    className="filter")


def status_options() -> list[dict]:
    return [{"label": s.label, "value": s.value} for s in Status]


def spc_filters(variation_id: str, assurance_id: str, filters: views.Filters) -> tuple:
    """The Variation and Assurance selects (the SPC matrix's cells link to these filters)."""
    return (select_filter(variation_id, "Variation (SPC)", views.spc_options("variation"), filters.variation,
                          "Any variation"),
            select_filter(assurance_id, "Assurance (SPC)", views.spc_options("assurance"), filters.assurance,
                          "Any assurance"))


def named_options(frame) -> list[dict]:
    """{label: name, value: slug} for a frame with slug and name columns."""
    return [{"label": r["name"], "value": r["slug"]} for r in frame.to_dict("records")]


def filters_bar(*selects) -> html.Section:
    return html.Section(dbc.Row([dbc.Col(s, xs=12, sm=6, lg=4, xl=True, className="filter-col") for s in selects],
                                className="g-3"),
                        className="filters meeting-hide mb-3", **{"aria-label": "Filters"})


def period_notice(chosen, href) -> html.Div | None:
    """What the page must say about its period (a data.reporting.choice.Choice): a quarter still in progress, a
    year judged to date, or, on the default, the later quarter in progress that `href(label)` links to."""
    if chosen is None:
        return None
    if chosen.in_progress:
        words = [html.Strong(f"{chosen.period.name} is still in progress"),
                 f" (it ends {chosen.period.end:%-d %b %Y}): its figures so far are incomplete."]
    elif chosen.through is not None:
        words = [html.Strong(f"{chosen.name}: "), f"the year is still under way, so each measure is judged year to "
                 f"date to the end of {chosen.through.name}, against its year-to-date target."]
    elif chosen.later:
        later = chosen.later[-1]
        words = [f"Showing {chosen.name}, the latest quarter that has ended. {later.name} is still in progress: ",
                 dcc.Link("see its figures so far", href=href(later.label), className="alert-link"), "."]
    else:
        return None
    return html.Div(words, className="alert alert-info period-notice py-2 mb-3", role="status")


def empty_message(what: str, description: str, clear_href: str) -> dbc.Alert:
    """Said plainly instead of drawing empty axes."""
    return dbc.Alert([html.Strong(f"No {what} match these filters"),
                      f" ({description}). " if description else ". ",
                      dcc.Link("Clear the filters", href=clear_href, className="alert-link")],
                     color="secondary", className="empty-message")


# --- overview ----------------------------------------------------------------------------------------------------

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


def spc_matrix_table(spc: dict, caption: str, href, selected: tuple[str, str] = ("", "")) -> html.Table:
    """Variation groups down, assurance groups across (views.spc_matrix); each non-zero count links to its measures
    (`href(variation_slug, assurance_slug)`, "" for any), the one listed now outlined and said so."""
    def cell(count, variation, assurance, words):
        if not count:
            return html.Td("0", className="text-end text-body-secondary")
        current = (variation, assurance) == selected
        hidden = f" measure{'s' if count != 1 else ''} {words}" + (", listed now" if current else "")
        link = dcc.Link([str(count), html.Span(hidden, className="visually-hidden")], href=href(variation, assurance))
        return html.Td(link, className="text-end" + (" spc-current" if current else ""))

    head = html.Thead([
        html.Tr([html.Th("Variation", scope="col", rowSpan=2, className="align-bottom"),
                 html.Th("Assurance", scope="colgroup", colSpan=len(spc["totals"]), className="text-center"),
                 html.Th("Total", scope="col", rowSpan=2, className="text-end align-bottom")]),
        html.Tr([html.Th(c["group"], scope="col", className="text-end") for c in spc["totals"]])])
    body = [html.Tr([html.Th(row["group"], scope="row")]
                    + [cell(c["count"], row["slug"], c["slug"], f"with {row['group'].lower()} variation and "
                            f"{c['group'].lower()} assurance") for c in row["cells"]]
                    + [cell(row["total"], row["slug"], "", f"with {row['group'].lower()} variation")])
            for row in spc["rows"]]
    foot = html.Tfoot(html.Tr([html.Th("Total", scope="row")]
                              + [cell(c["count"], "", c["slug"], f"with {c['group'].lower()} assurance")
                                 for c in spc["totals"]]
                              + [html.Td(str(spc["total"]), className="text-end")]))
    return html.Table([html.Caption(caption), head, html.Tbody(body), foot],
                      className="table table-sm align-middle spc-matrix")


def spc_matrix_section(results, filters: views.Filters, period_name: str, path: str) -> html.Section | None:
    """The variation x assurance matrix of the page's results under every filter but its own two, what it means,
    how many measures SPC could not judge, and a way back to every measure; None when no measure is in scope."""
    in_scope = views.apply(results, filters.with_(variation="", assurance=""))
    if in_scope.empty:
        return None
    spc = views.spc_matrix(in_scope)
    selected = (filters.variation, filters.assurance)
    unjudged = spc["unjudged"]
    return html.Section([
        html.H2("Variation and assurance"),
        html.P("Statistical process control (XmR) of each measure's monthly or quarterly history (as on its own "
               "page). Variation: is there a signal of improvement or concern, or only common cause variation? "
               "Assurance: will the measure reliably pass or fail its target, or hit and miss it? Not valid: the "
               "process has changed, so its limits need recalculating before they can say.",
               className="text-body-secondary spc-help"),
        html.Div(spc_matrix_table(spc, f"Measures by variation and assurance, {period_name}. Each number links to "
                                       "the list of those measures.",
                                  lambda v, a: path + filters.with_(variation=v, assurance=a).to_search(), selected),
                 className="table-responsive"),  # five assurance columns scroll inside their box on a phone
        html.P(f"Not counted: {unjudged} measure{'s' if unjudged != 1 else ''} with too few points for SPC "
               "(annual measures, or fewer than six values).", className="small text-body-secondary")
        if unjudged else None,
        html.P(dcc.Link("Show every measure again", href=path + filters.with_(variation="", assurance="").to_search()),
               className="small") if any(selected) else None,
    ], className="mb-4", id="variation-assurance")


def measure_list(rows: list[dict], period_query: str) -> html.Ul:
    """Each measure: link to its page, status, directorate, and its variation and assurance in symbols and words."""
    items = []
    for r in rows:
        variation, assurance = views.spc_words(r["variation_icon"], r["assurance_icon"])
        items.append(html.Li([dcc.Link(f"{r['code']} {r['title']}", href=f"/measure/{r['code']}{period_query}",
                                       className="fw-semibold"), " ", status_badge(r["status"]),
                              html.Div(f"{r['directorate']}. Variation: {variation}. Assurance: {assurance}.",
                                       className="small text-body")], className="list-group-item"))
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
        items.append(html.Li([dcc.Link(f"{r['code']} {r['title']}", href=f"/measure/{r['code']}{period_query}",
                                       className="fw-semibold"), " ", status_badge(r["status"]),
                              html.Div(f"{r['directorate']}: " + "; ".join(reasons), className="small text-body")],
                             className="list-group-item"))
    return html.Ul(items, className="list-group attention-list")


# --- directorate -------------------------------------------------------------------------------------------------

def measure_card(r: dict, spark_src: str, spark_text: str, period_query: str, spc=None) -> dbc.Card:
    """Value with unit, target, status (icon and word), direction of travel, SPC icons (`spc`, measure_view.spc_icons),
    the plain-English reading of the figures, and a sparkline of recent periods."""
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


def measure_grid(grid_id: str) -> dag.AgGrid:
    """Sortable, filterable table of measures; rows arrive from the page's callback."""
    columns = [
        {"field": "code", "headerName": "Code", "width": 90, "pinned": "left"},
        {"field": "title", "headerName": "Measure", "flex": 2, "minWidth": 190, "wrapText": True, "autoHeight": True},
        {"field": "service", "headerName": "Service", "flex": 1, "minWidth": 130, "tooltipField": "service"},
        {"field": "value_text", "headerName": "Value", "width": 95, "type": "rightAligned"},
        {"field": "target_text", "headerName": "Target", "width": 95, "type": "rightAligned"},
        {"field": "status_text", "headerName": "Status", "width": 165},
        {"field": "direction_text", "headerName": "On last period", "width": 150},
        {"field": "variation_text", "headerName": "Variation", "width": 190},
        {"field": "assurance_text", "headerName": "Assurance", "width": 140},
    ]
    return dag.AgGrid(id=grid_id, columnDefs=columns, rowData=[], className="ag-theme-quartz measure-grid",
                      defaultColDef={"sortable": True, "filter": True, "resizable": True},
                      dashGridOptions={"domLayout": "autoHeight", "ensureDomOrder": True,
                                       "suppressColumnVirtualisation": True},
                      csvExportParams={"fileName": "measures.csv"}, style={"width": "100%"})


def grid_rows(results) -> list[dict]:
    """The grid's rows: status, direction, variation and assurance as words (and a symbol), never colour alone."""
    rows = []
    for r in results.to_dict("records"):
        status = Status(r["status"])
        direction = Direction(r["direction_previous"]) if r["direction_previous"] else None
        rows.append({"code": r["code"], "title": r["title"], "service": r["service"], "value_text": r["value_text"],
                     "target_text": r["target_text"], "status_text": f"{status.icon} {status.label}",
                     "direction_text": f"{direction.arrow} {direction.label}" if direction else "–",
                     **dict(zip(("variation_text", "assurance_text"),
                                views.spc_words(r["variation_icon"], r["assurance_icon"])))})
    return rows
