"""A directorate: filters (kept in the URL) in; commentary, cards, table rows and trend charts out, in one callback."""

from dash import Input, Output, State, callback, clientside_callback, dcc, html, no_update

from callbacks.shell import current_filters, triggered_by
from dashboards import ids
from dashboards.charts import multiples_figure, multiples_summary, sparkline_src, sparkline_text
from dashboards.components import empty_message, grid_rows, measure_card, period_notice, spc_matrix_section
from dashboards.measure_view import spc_icons
from data.core import db, loaders
from data.performance import summary
from data.reporting import views
from data.reporting.evaluation import evaluate, resolve_period
from security import identity

SPARK = {"monthly": ("month", 12), "quarterly": ("quarter", 8), "annual": ("year", 5)}
TREND_QUARTERS = 8
MONTHLY_MONTHS = 24


@callback(
    Output(ids.DIRECTORATE_PERIOD, "value"), Output(ids.DIRECTORATE_SERVICE, "value"),
    Output(ids.DIRECTORATE_PRIORITY, "value"), Output(ids.DIRECTORATE_STATUS, "value"),
    Output(ids.DIRECTORATE_VARIATION, "value"), Output(ids.DIRECTORATE_ASSURANCE, "value"),
    Output(ids.DIRECTORATE_LOCATION, "search"), Output(ids.DIRECTORATE_COMMENTARY, "children"),
    Output(ids.DIRECTORATE_BODY, "children"), Output(ids.DIRECTORATE_GRID, "rowData"),
    Output(ids.DIRECTORATE_CHARTS, "children"),
    Input(ids.DIRECTORATE_PERIOD, "value"), Input(ids.DIRECTORATE_SERVICE, "value"),
    Input(ids.DIRECTORATE_PRIORITY, "value"), Input(ids.DIRECTORATE_STATUS, "value"),
    Input(ids.DIRECTORATE_LOCATION, "search"), State(ids.DIRECTORATE_SLUG, "data"),
    Input(ids.DIRECTORATE_VARIATION, "value"), Input(ids.DIRECTORATE_ASSURANCE, "value"),
)
def show_directorate(period, service, priority, status, search, slug, variation=views.ALL, assurance=views.ALL):
    from_url = triggered_by(ids.DIRECTORATE_LOCATION)
    controls = views.Filters.of_controls(period=period, service=service, priority=priority, status=status,
                                         variation=variation, assurance=assurance)
    filters = current_filters(from_url, controls, search).with_(directorate="")
    viewer = identity.viewer()
    with db.connect() as conn:
        chosen, url_period = resolve_period(conn, filters.period, viewer)
        if chosen is None:
            return (*(no_update,) * 7, None, html.P("No figures have been published yet."), [], None)
        results, measures, figures = evaluate(conn, chosen, viewer, directorate=slug)
        # The director's commentary is internal: members and above only (never read for the public).
        commentary = loaders.director_commentary(conn, slug, chosen) if viewer.sees_internal else INTERNAL
        names = {"service": loaders.services(conn, directorate=slug), "priority": loaders.priorities(conn)}
    url_filters = filters.with_(period=url_period)
    shown = views.apply(results, filters)
    sync = ((chosen.label, *filters.control_values("service", "priority", "status", "variation", "assurance"))
            if from_url else (no_update,) * 6)
    body, charts = directorate_body(shown, measures, figures, chosen.judged, url_filters, names, slug,
                                    views.meeting(search))
    spc = spc_matrix_section(results, url_filters, chosen.name, f"/directorate/{slug}")
    return (*sync, no_update if from_url else url_filters.to_search(search), commentary_section(commentary, chosen),
            [period_notice(chosen, lambda label: f"/directorate/{slug}" + url_filters.with_(period=label).to_search()),
             spc, *body], grid_rows(shown), charts)


INTERNAL = "internal"
INTERNAL_NOTE = "The director's commentary is shown to signed-in members."


def commentary_section(commentary: dict | str | None, period) -> list:
    """The director's commentary for the period; INTERNAL (the public's view) gives one plain line instead."""
    if commentary == INTERNAL:
        return [html.H2("Director's commentary"), html.P(INTERNAL_NOTE, className="text-body-secondary internal-note")]
    text = commentary["text"] if commentary else f"The director has not commented on {period.name}."
    byline = f"{commentary['author']}, {period.name}" if commentary else None
    return [html.H2("Director's commentary"),
            html.Blockquote([html.P(text, className="mb-1"), html.Footer(byline, className="blockquote-footer mt-1")
                             if byline else None], className="director-commentary")]


def directorate_body(shown, measures, figures, period, filters: views.Filters, names: dict, slug: str,
                     large: bool = False):
    """(cards section, charts sections) for the filtered results of one directorate."""
    if shown.empty:
        described = views.describe(filters, {k: dict(zip(v["slug"], v["name"])) for k, v in names.items()})
        clear = f"/directorate/{slug}" + views.Filters(period=filters.period).to_search()
        return ([html.H2("Measures"), empty_message("measures", described, clear)],
                html.P("No charts: no measures match these filters.", className="text-body-secondary"))
    period_query = views.Filters(period=filters.period).to_search()
    rules = measures.set_index("id").to_dict("index")
    cards = []
    for r in shown.to_dict("records"):
        kind, count = SPARK[r["frequency"]]
        rows = views.recent_series(rules[r["id"]], *figures[r["id"]], period, kind, count)
        cards.append(measure_card(r, sparkline_src([x["value"] for x in rows]),
                                  f"{r['code']} sparkline. " + sparkline_text(rows, r["unit"], r["decimals"]),
                                  period_query, spc_icons(r, *views.short_words(r["variation_icon"]),
                                                          class_name="list-unstyled spc-icons small mb-2")))
    body = [html.H2("Measures"), html.P(summary.headline(shown), className="lead"),
            html.Div(cards, className="card-grid")]
    return body, trend_sections(shown, rules, figures, period, large)


def _panels(shown, rules, figures, period, kind, count, frequencies):
    return [{"title": f"{r['code']} {r['title']}", "unit": r["unit"], "decimals": r["decimals"],
             "service": r["service"],
             "rows": views.recent_series(rules[r["id"]], *figures[r["id"]], period, kind, count)}
            for r in shown.to_dict("records") if r["frequency"] in frequencies]


def chart_figure(panels: list[dict], heading: str, caption: str, level=html.H3, large=False) -> html.Figure:
    """A graph with its text alternative: a caption and, on request, one sentence per panel."""
    return html.Figure([
        level(heading),
        dcc.Graph(figure=multiples_figure(panels, large=large), config={"displayModeBar": False, "responsive": True},
                  className="multiples"),
        html.Figcaption([html.P(caption, className="mb-1"), html.Details([
            html.Summary("These charts in words"), html.Ul([html.Li(s) for s in multiples_summary(panels)])])]),
    ], className="chart-figure")


def trend_sections(shown, rules, figures, period, large=False) -> list:
    """Quarterly trend small multiples, then the monthly view per service with target and tolerance band."""
    quarterly = _panels(shown, rules, figures, period, "quarter", TREND_QUARTERS, ("monthly", "quarterly"))
    monthly = _panels(shown, rules, figures, period, "month", MONTHLY_MONTHS, ("monthly",))
    out = [html.Section([html.H2("Trends by quarter"), chart_figure(
        quarterly, "Last eight quarters", "Each panel shows a measure's quarterly value (solid line), its target "
        "(dashed) and the tolerance band (shaded); markers show status: circle on target, diamond within "
        "tolerance, cross below target.", large=large)] if quarterly else
        [html.H2("Trends by quarter"), html.P("No quarterly or monthly measures match these filters.")],
        className="mb-4")]
    services = sorted({p["service"] for p in monthly})
    monthly_sections = [chart_figure([p for p in monthly if p["service"] == s], s,
                                     f"{s}: monthly values for the last {MONTHLY_MONTHS} months with target "
                                     "(dashed) and tolerance band (shaded).", large=large) for s in services]
    out.append(html.Section([html.H2("Monthly view"), *(monthly_sections or [
        html.P("No monthly measures match these filters.")])], className="mb-4 monthly-view"))
    return out


# The grid writes its own CSV in the browser (of the rows shown, in their sorted and filtered order).
clientside_callback(
    "function (clicks) { return clicks ? true : window.dash_clientside.no_update; }",
    Output(ids.DIRECTORATE_GRID, "exportDataAsCsv"), Input(ids.DIRECTORATE_CSV, "n_clicks"),
    prevent_initial_call=True,
)
