"""*How we compare* on the measure page: the position among the chosen group (rank, quartile in words with an
icon, median, interquartile range, significance in words), the sentence, what makes the comparison not
meaningful, a chart of the council against its group over time (median line, quartile band, the council
highlighted) and every area in a data table. Pure builders: a `Comparison` in, components out."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from dashboards import ids
from dashboards.chart_style import BAND_FILL, BLACK, BLUE, category_axis, tick_labels
from dashboards.components import icon, scroll_region
from dashboards.figures import base_layout
from data.benchmarking.compare import (BETTER_WORDS, PICK, QUARTILE_NOTE, SIGNIFICANCE_WORDS, Comparison,
                                      rank_words)
from data.performance.formatting import format_value

QUARTILE_ICON = {1: "bi-reception-4", 2: "bi-reception-3", 3: "bi-reception-2", 4: "bi-reception-1"}
SIGNIFICANCE_ICON = {"better": "bi-arrow-up-circle", "worse": "bi-arrow-down-circle", "similar": "bi-circle",
                     "higher": "bi-arrow-up-circle", "lower": "bi-arrow-down-circle"}


def benchmark_figure(c: Comparison, unit: str | None, decimals: int) -> go.Figure:
    """The group's quartile band and median line over time, and the council's own line, highlighted."""
    labels = tick_labels(s["period"] for s in c.series)
    fig = go.Figure()
    fig.add_trace(go.Scatter(name="Middle half of the group (lower to upper quartile)", x=labels + labels[::-1],
                             y=[s["q3"] for s in c.series] + [s["q1"] for s in c.series][::-1], fill="toself",
                             fillcolor=BAND_FILL, line=dict(width=0), hoverinfo="skip", mode="lines"))
    fig.add_trace(go.Scatter(name="Group median", x=labels, y=[s["median"] for s in c.series], mode="lines",
                             line=dict(color=BLACK, dash="dash", width=2),
                             hovertemplate=[f"Median: {format_value(s['median'], unit, decimals)} of {s['n']} "
                                            "areas<extra></extra>" for s in c.series]))
    fig.add_trace(go.Scatter(name=f"Us ({c.link['area']})", x=labels, y=[s["value"] for s in c.series],
                             mode="lines+markers", line=dict(color=BLUE, width=4),
                             marker=dict(symbol="circle", size=11, color=BLUE),
                             hovertemplate=[f"Us: {format_value(s['value'], unit, decimals)}<extra></extra>"
                                            if s["value"] is not None else "Us: no figure<extra></extra>"
                                            for s in c.series]))
    layout = base_layout("", unit, decimals)
    layout["xaxis"] = category_axis(labels)
    layout["meta"] = {**layout["meta"], "cpdLabel": "The council's figures against its comparison group"}
    fig.update_layout(**layout)
    return fig


def _group_links(c: Comparison, code: str, query: dict) -> html.Nav:
    items = []
    for key, label in c.choices:
        if key == PICK:
            continue
        href = f"/measure/{code}?" + urlencode({**query, "peers": key})
        current = key == c.group.key
        items.append(html.Li(dcc.Link([label, html.Span(" (shown)", className="visually-hidden")] if current
                                      else label, href=href,
                                      className="btn btn-sm " + ("btn-primary" if current else "btn-outline-primary")),
                             className="list-inline-item"))
    return html.Nav(html.Ul(items, className="list-inline mb-2"), id=ids.MEASURE_BENCHMARK_GROUPS,
                    **{"aria-label": "Compare with"})


def _pick_form(c: Comparison, code: str, query: dict) -> html.Details:
    """Areas to pick: a plain GET form, so the choice lands in the URL (`?peers=pick&areas=A,B,C`)."""
    chosen = [c.all_names.get(k, k) for k in c.group.areas if k != c.latest_area] if c.group.key == PICK else []
    hidden = [dcc.Input(type="hidden", name=k, value=v) for k, v in query.items() if k not in ("peers", "areas")]
    names = sorted(n for k, n in c.all_names.items() if k != c.latest_area)
    return html.Details([html.Summary("Pick the areas to compare with"), html.Form(
        [*hidden, dcc.Input(type="hidden", name="peers", value=PICK),
         html.Label("Areas, by name or code, separated by commas", htmlFor=ids.MEASURE_BENCHMARK_PICK,
                    className="form-label mt-2"),
         dcc.Input(id=ids.MEASURE_BENCHMARK_PICK, type="text", name="areas", value=", ".join(chosen),
                   className="form-control mb-2"),
         html.P("In this dataset: " + ", ".join(names), className="small text-body-secondary"),
         html.Button("Compare with these areas", type="submit", className="btn btn-sm btn-primary")],
        action=f"/measure/{code}", method="GET")], className="mb-3", open=c.group.key == PICK)


def _position(c: Comparison, unit, decimals) -> html.Dl:
    pos = c.latest
    pairs = [("Period", pos.period),
             ("Rank", rank_words(pos)),
             ("Quartile", html.Span([icon(QUARTILE_ICON[pos.quartile]), f"{pos.quartile_words.capitalize()} quartile"],
                                    className=f"quartile quartile-{pos.quartile}")),
             ("Median", format_value(pos.median, unit, decimals)),
             ("Interquartile range", f"{format_value(pos.q1, unit, decimals)} to {format_value(pos.q3, unit, decimals)}"),
             ("Better is", BETTER_WORDS.get(pos.polarity, "No direction")),
             ("Areas with no figure", str(len(pos.missing)))]
    if pos.significance:
        pairs.append(("Against the average", html.Span([icon(SIGNIFICANCE_ICON[pos.significance]),
                                                        SIGNIFICANCE_WORDS[pos.significance]])))
    children = []
    for term, value in pairs:
        children += [html.Dt(term, className="col-sm-5"), html.Dd(value, className="col-sm-7")]
    return html.Dl(children, className="row mb-2")


def _table(c: Comparison, unit, decimals) -> html.Details:
    table = c.table
    head = html.Thead(html.Tr([html.Th("Area", scope="col")] + [html.Th(p, scope="col") for p in table.columns]))
    rows = []
    for key, values in table.iterrows():
        name = c.names.get(key, key)
        own = key == c.latest_area
        cells = [html.Td(format_value(v, unit, decimals) if v == v else "–") for v in values]
        rows.append(html.Tr([html.Th(f"{name} (us)" if own else name, scope="row")] + cells,
                            className="fw-bold" if own else None))
    return html.Details([html.Summary(f"Every area's figures ({len(table)} areas)"),
                         scroll_region(dbc.Table([head, html.Tbody(rows)], size="sm", striped=True,
                                                 className="mb-0"), "Every area's figures")],
                        id=ids.MEASURE_BENCHMARK_TABLE)


def comparison_section(c: Comparison, code: str, query: dict, unit: str | None, decimals: int,
                       default: bool = False) -> list:
    """The card's body; `default`: the group is the council's default (the URL names none)."""
    link = c.link
    source = (f"{link['dataset']}: {link['benchmark_code']} {link.get('title') or ''}. Source: {link['source']}; "
              f"licence: {link.get('licence') or 'not stated'}; retrieved {link['retrieved_on']}.")
    compared = html.P([html.Strong("Compared with: "), c.group.name,
                       " (the council's default peer group)" if default else ""],
                      id=ids.MEASURE_BENCHMARK_GROUP, className="mb-2")
    body = [compared, _group_links(c, code, query), _pick_form(c, code, query)]
    for notice in c.notices:
        body.append(dbc.Alert([icon("bi-info-circle"), notice], color="warning" if not c.meaningful else "light",
                              className="py-2 mb-2"))
    if c.meaningful:
        body += [html.P(c.sentence, id=ids.MEASURE_BENCHMARK_SENTENCE, className="fs-6 fw-semibold"),
                 dbc.Row([dbc.Col(_position(c, unit, decimals), lg=5),
                          dbc.Col(dcc.Graph(id=ids.MEASURE_BENCHMARK_CHART, figure=benchmark_figure(c, unit, decimals),
                                            config={"displayModeBar": False, "responsive": True},
                                            style={"height": "360px"}), lg=7)])]
    else:
        body.append(html.P("No fair comparison can be drawn for this group.", id=ids.MEASURE_BENCHMARK_SENTENCE))
    if c.table is not None and len(c.table):
        body.append(_table(c, unit, decimals))
    body += [html.P(QUARTILE_NOTE, className="small text-body-secondary mt-2 mb-0"),
             html.P(source, className="small text-body-secondary mb-0")]
    return body
