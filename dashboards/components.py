"""Pure builders of fragments every page shares: status and direction badges, filter selects, the period picker,
breadcrumbs and the empty-result message. Status is always icon + words, never colour alone."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from data.core import clock, settings
from data.core.periods import Period
from data.reporting import choice
from data.reporting.choice import Choice
from data.performance.status import Direction, Status
from data.reporting import views

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


def icon(name: str, extra: str = "me-1") -> html.I:
    """A decorative Bootstrap icon: hidden from assistive technology, the words beside it carry the meaning."""
    return html.I(className=f"bi {name} {extra}".strip(), **{"aria-hidden": "true"})


def status_badge(status: Status | str, prefix: str = "") -> html.Span:
    """`✔ On target` as an icon and words in the status colour; `prefix` reads e.g. `Year to date: `."""
    status = Status(status)
    return html.Span([icon(STATUS_ICON_CLASS[status]), prefix + status.label],
                     className=f"status-badge status-{status.value}")


def direction_badge(direction: Direction | None, against: str) -> html.Span:
    """An arrow and words (`Improving on last quarter`); `No comparison` when there is none."""
    if direction is None:
        return html.Span(f"No comparison with {against}", className="direction direction-none")
    return html.Span([icon(DIRECTION_ICON_CLASS[direction]), f"{direction.label} on {against}"],
                     className=f"direction direction-{direction.value}")


# --- filters ---------------------------------------------------------------------------------------------------
# dbc.Select shows a blank placeholder for the value "", so "all" stands for no filter (views.Filters.of_controls).
ALL = views.ALL


def select_filter(component_id: str, label: str, options: list[dict], value: str, all_label: str | None = None):
    """A native <select> named by its visible label (Dash 4's dcc.Dropdown is not named by a <label>)."""
    choices = ([{"label": all_label, "value": ALL}] if all_label else []) + options
    return html.Div([html.Label(label, htmlFor=component_id, className="form-label fw-semibold mb-1"),
                     dbc.Select(id=component_id, options=choices, value=value or ALL)],
                    className="filter")


def period_picker(component_id: str, available: list[Period], chosen: Choice | None) -> html.Div:
    """The one Period select of every page: the quarters and years the viewer may see, newest first (a quarter in
    progress marked `so far`, a year under way `to date`)."""
    return select_filter(component_id, "Period", choice.options(available, clock.today()),
                         chosen.label if chosen else "")


def period_notice(chosen, href) -> html.Div | None:
    """What the page must say about its period (a data.reporting.choice.Choice): a quarter still in progress, a
    year judged to date, or, on the default, the later quarter in progress that `href(label)` links to."""
    if not isinstance(chosen, Choice):
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


def status_options() -> list[dict]:
    return [{"label": s.label, "value": s.value} for s in Status]


def spc_filters(variation_id: str, assurance_id: str, filters: views.Filters) -> tuple:
    """The Variation and Assurance selects (the SPC matrix's cells link to these filters)."""
    return (select_filter(variation_id, "Pattern in the figures (SPC variation)", views.spc_options("variation"),
                          filters.variation, "Any pattern"),
            select_filter(assurance_id, "Will it meet target? (SPC assurance)", views.spc_options("assurance"),
                          filters.assurance, "Any"))


def glossary_link(words: str = "What these words mean") -> dcc.Link:
    """To the glossary, beside every use of statistical process control's terms."""
    return dcc.Link(words, href="/glossary", className="glossary-link")


def peers_filter(component_id: str, filters: views.Filters):
    """`Among peers`: show each measure's quartile among its peer group, or only the bottom quartile."""
    return select_filter(component_id, "Among peers", [{"label": v, "value": k} for k, v in views.PEER_CHOICES.items()],
                         filters.peers, "Not compared")


def peer_group_filter(component_id: str, group):
    """`Peer group`: whom the quartiles are among (a data.reporting.benchmarking.PeerGroup), the council's default
    marked; a choice here goes into the URL (`?among=`), so a shared link compares with the same group."""
    return select_filter(component_id, "Peer group", [{"label": label, "value": value} for value, label in group.choices],
                         group.value, None)


def named_options(frame) -> list[dict]:
    """{label: name, value: slug} for a frame with slug and name columns."""
    return [{"label": r["name"], "value": r["slug"]} for r in frame.to_dict("records")]


def filters_bar(*selects) -> html.Section:
    return html.Section(dbc.Row([dbc.Col(s, xs=12, sm=6, lg=4, xl=True, className="filter-col") for s in selects],
                                className="g-3"),
                        className="filters meeting-hide mb-3", **{"aria-label": "Filters"})


def single_filter(select) -> dbc.Row:
    """One select on a row of its own (the measure and exceptions pages' period)."""
    return dbc.Row(dbc.Col(select, xs=12, md=5, lg=4), className="page-controls mb-3 meeting-hide")


def shown_values(store_id: str, control_ids, *fragments) -> dcc.Store:
    """The values the page's URL-held controls (found by id in `fragments`) were drawn with, by query key, so that
    `callbacks.shell.follow_in_url` writes the URL only for a change the user made."""
    wanted, values, stack = set(control_ids), {}, list(fragments)
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(node)
        elif hasattr(node, "to_plotly_json"):
            if getattr(node, "id", None) in wanted:
                values[ids.query_key(node.id)] = node.value
            stack.append(getattr(node, "children", None))
    return dcc.Store(id=store_id, data=values)


def empty_message(what: str, description: str, clear_href: str) -> dbc.Alert:
    """Said plainly instead of drawing empty axes."""
    return dbc.Alert([html.Strong(f"No {what} match these filters"),
                      f" ({description}). " if description else ". ",
                      dcc.Link("Clear the filters", href=clear_href, className="alert-link")],
                     color="secondary", className="empty-message")


def breadcrumbs(*trail: tuple[str, str | None]) -> html.Nav:
    """`Overview > Housing > HSG01`: (words, href) pairs, the last (href None) the page itself."""
    items = [html.Li(dcc.Link(words, href=href), className="breadcrumb-item") if href else
             html.Li(words, className="breadcrumb-item active", **{"aria-current": "page"}) for words, href in trail]
    return html.Nav(html.Ol(items, className="breadcrumb mb-2"), className="meeting-hide",
                    **{"aria-label": "Breadcrumb"})


def scroll_region(table, label: str, class_name: str = "") -> html.Div:
    """A wide table that scrolls inside its own box on a narrow screen (WCAG 1.4.10), not the page: a named region
    that takes focus, so a keyboard user can scroll it with the arrow keys."""
    return html.Div(table, className=f"table-responsive scroll-region {class_name}".strip(), role="region",
                    tabIndex=0, **{"aria-label": label})


def page_title(*parts: str) -> str:
    """The browser tab's title: the page, then where it sits, then the council (`Housing – Directorate – Demo
    District Council`), so a screen reader's window list and a row of tabs tell pages apart."""
    return " – ".join([*(p for p in parts if p), settings.get("COUNCIL_NAME")])


def page_main(children: list, class_name: str = "") -> html.Main:
    """Every page's <main>: the skip link's target."""
    return html.Main(children, id="main-content", tabIndex=-1,   # the skip link moves the focus here
                     className=f"page container-fluid {class_name}".strip())


def no_figures(title: str) -> html.Main:
    return page_main([html.H1(title), html.P("No figures have been published yet.")])
