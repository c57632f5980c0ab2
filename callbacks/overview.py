"""The overview: filters (kept in the URL) in, headline, status roll-ups and the SPC matrix out, in one callback."""

from dash import Input, Output, callback, html, no_update

from callbacks.shell import current_filters, triggered_by
from dashboards import ids
from dashboards.components import (attention_list, count_tiles, empty_message, measure_list, period_notice,
                                   spc_matrix_section, status_matrix_table)
from data.core import db, loaders
from data.performance import summary
from data.reporting import views
from data.reporting.evaluation import evaluate, resolve_period
from security import identity


@callback(
    Output(ids.OVERVIEW_PERIOD, "value"), Output(ids.OVERVIEW_DIRECTORATE, "value"),
    Output(ids.OVERVIEW_PRIORITY, "value"), Output(ids.OVERVIEW_STATUS, "value"),
    Output(ids.OVERVIEW_VARIATION, "value"), Output(ids.OVERVIEW_ASSURANCE, "value"),
    Output(ids.OVERVIEW_LOCATION, "search"), Output(ids.OVERVIEW_HEADLINE, "children"),
    Output(ids.OVERVIEW_BODY, "children"),
    Input(ids.OVERVIEW_PERIOD, "value"), Input(ids.OVERVIEW_DIRECTORATE, "value"),
    Input(ids.OVERVIEW_PRIORITY, "value"), Input(ids.OVERVIEW_STATUS, "value"),
    Input(ids.OVERVIEW_LOCATION, "search"),
    Input(ids.OVERVIEW_VARIATION, "value"), Input(ids.OVERVIEW_ASSURANCE, "value"),
)
def show_overview(period, directorate, priority, status, search, variation=views.ALL, assurance=views.ALL):
    from_url = triggered_by(ids.OVERVIEW_LOCATION)
    controls = views.Filters.of_controls(period=period, directorate=directorate, priority=priority, status=status,
                                         variation=variation, assurance=assurance)
    filters = current_filters(from_url, controls, search)
    viewer = identity.viewer()  # published periods and figures only (no commentary is shown on this page)
    with db.connect() as conn:
        chosen, url_period = resolve_period(conn, filters.period, viewer)
        if chosen is None:
            return (*(no_update,) * 7, "No figures have been published yet.", None)
        results, _, _ = evaluate(conn, chosen, viewer)
        names = {"directorate": loaders.directorates(conn), "priority": loaders.priorities(conn)}
    headline, body = overview_body(results, filters.with_(period=url_period), chosen, names)
    sync = ((chosen.label, *filters.control_values("directorate", "priority", "status", "variation", "assurance"))
            if from_url else (no_update,) * 6)
    return (*sync, filters.with_(period=url_period).to_search(search) if not from_url else no_update,
            headline, body)


def overview_body(results, filters: views.Filters, period, names: dict):
    """(headline sentence, body children) for the results the filters select."""
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
