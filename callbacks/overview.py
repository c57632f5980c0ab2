"""The overview: filters (kept in the URL) in, headline and status roll-ups out, in one callback."""

from dash import Input, Output, callback, html, no_update

from callbacks.shell import current_filters, evaluate, resolve_period, triggered_by
from dashboards import ids
from dashboards.components import attention_list, count_tiles, empty_message, status_matrix_table
from data import db, loaders, summary, views


@callback(
    Output(ids.OVERVIEW_PERIOD, "value"), Output(ids.OVERVIEW_DIRECTORATE, "value"),
    Output(ids.OVERVIEW_PRIORITY, "value"), Output(ids.OVERVIEW_STATUS, "value"),
    Output(ids.OVERVIEW_LOCATION, "search"), Output(ids.OVERVIEW_HEADLINE, "children"),
    Output(ids.OVERVIEW_BODY, "children"),
    Input(ids.OVERVIEW_PERIOD, "value"), Input(ids.OVERVIEW_DIRECTORATE, "value"),
    Input(ids.OVERVIEW_PRIORITY, "value"), Input(ids.OVERVIEW_STATUS, "value"),
    Input(ids.OVERVIEW_LOCATION, "search"),
)
def show_overview(period, directorate, priority, status, search):
    from_url = triggered_by(ids.OVERVIEW_LOCATION)
    controls = views.Filters.of_controls(period=period, directorate=directorate, priority=priority, status=status)
    filters = current_filters(from_url, controls, search)
    with db.connect() as conn:
        chosen, url_period = resolve_period(conn, filters.period)
        if chosen is None:
            return no_update, no_update, no_update, no_update, no_update, "No figures have been published yet.", None
        results, _, _ = evaluate(conn, chosen)
        names = {"directorate": loaders.directorates(conn), "priority": loaders.priorities(conn)}
    shown = views.apply(results, filters)
    headline, body = overview_body(shown, filters.with_(period=url_period), chosen, names)
    sync = ((chosen.label, *filters.control_values("directorate", "priority", "status")) if from_url
            else (no_update,) * 4)
    return (*sync, filters.with_(period=url_period).to_search(search) if not from_url else no_update,
            headline, body)


def overview_body(shown, filters: views.Filters, period, names: dict):
    """(headline sentence, body children) for the filtered results."""
    period_query = views.Filters(period=filters.period).to_search()
    if shown.empty:
        described = views.describe(filters, {k: dict(zip(v["slug"], v["name"])) for k, v in names.items()})
        return f"{period.name}: no measures match these filters.", empty_message("measures", described, "/" +
                                                                                  period_query)
    by_directorate = [r for r in views.status_matrix(shown, "directorate_slug", names["directorate"]) if r["total"]]
    by_priority = [r for r in views.status_matrix(shown, "priority_slug", names["priority"]) if r["total"]]
    attention = views.needs_attention(shown)
    return f"{period.name}. {summary.headline(shown)}", [
        count_tiles(summary.counts(shown)),
        html.Section([html.H2("Status by directorate"), status_matrix_table(
            by_directorate, f"Measures by status in each directorate, {period.name}", "Directorate",
            lambda slug: f"/directorate/{slug}" + filters.with_(directorate="").to_search())], className="mb-4"),
        html.Section([html.H2("Status by council priority"), status_matrix_table(
            by_priority, f"Measures by status under each council priority, {period.name}", "Priority",
            lambda slug: "/" + filters.with_(priority=slug).to_search())], className="mb-4"),
        html.Section([html.H2("Needs attention"),
                      html.P("Measures below target, and measures worse than both the previous period and the same "
                             "period last year.", className="text-body-secondary"),
                      attention_list(attention.to_dict("records"), period_query) if len(attention)
                      else html.P("No measure needs attention with these filters.")],
                     className="mb-4", id="needs-attention"),
    ]
