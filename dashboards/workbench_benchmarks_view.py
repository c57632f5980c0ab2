"""The workbench's *Benchmarks* section (`/workbench?section=benchmarks`): import a benchmark file (long or wide,
checked first, all or nothing), the datasets with their source, licence and date retrieved, comparator groups from a
CSV of area codes, links from the council's measures to benchmark measures, and the council's default comparator
group. Pure builders over `data.reporting.workbench.Benchmarks`; the actions are in callbacks/workbench_benchmarks.py.
"""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from dashboards.workbench_view import _button, _card, _input, _label, _select, _table
from data.reporting import workbench

B = ids.WORKBENCH_BENCH_FIELDS
LAYOUTS = [{"label": "Work it out from the headings", "value": "auto"},
           {"label": "Long: one row per area, measure and period", "value": "long"},
           {"label": "Wide: one row per area and measure, a column per year", "value": "wide"}]


def target_value(dataset: str, code: str) -> str:
    """A benchmark measure as the link's select carries it: the dataset and the code, which may hold any character."""
    return json.dumps([dataset, code])


def _text(value) -> str:
    """A cell of a frame as text: empty for None and NaN (a column of text with gaps)."""
    return value if isinstance(value, str) else ""


def _upload(component_id: str, words: str, accept: str) -> dcc.Upload:
    return dcc.Upload(id=component_id, multiple=False, accept=accept,
                      children=html.Div([words, html.Span(" choose a file", className="link-primary "
                                                          "text-decoration-underline")]),
                      className="import-drop border border-2 rounded p-3 text-center mb-2",
                      style={"borderStyle": "dashed"})


def _textarea(component_id: str, label: str, rows: int = 2, **kw) -> html.Div:
    return html.Div([_label(label, component_id), dbc.Textarea(id=component_id, value="", rows=rows, **kw)],
                    className="mb-2")


def import_card() -> dbc.Card:
    return _card(
        "Import a benchmark file",
        html.P("Other areas' figures, kept apart from the council's own: a long file (one row per area, measure and "
               "period, as Fingertips, LG Inform and LGBF write them) or a wide one (one row per area and measure, "
               "a column per year). Check it first: every problem is named by row and column, and nothing is "
               "stored unless the whole file reads. A dataset imported again under the same name is replaced "
               "whole. The same as flask --app app import-benchmarks.", className="small"),
        _upload(ids.WORKBENCH_BENCH_UPLOAD, "Drag a CSV or Excel file here, or", ".csv,.xlsx,.xlsm"),
        dbc.Row([dbc.Col(_input(B["name"], "Dataset name (default: the file's)", maxLength=200), sm=6),
                 dbc.Col(_input(B["retrieved"], "Date retrieved (default: today)", type_="date"), sm=6)]),
        dbc.Row([dbc.Col(_input(B["source"], "Source (publisher, address)", maxLength=300), sm=6),
                 dbc.Col(_input(B["licence"], "Licence", placeholder="Open Government Licence v3.0",
                                maxLength=200), sm=6)]),
        _select(B["layout"], "Layout", LAYOUTS, "auto"),
        _textarea(B["polarity"], "Polarity, where the file gives none: higher or lower for every measure, or "
                  "CODE=higher, one a line", maxLength=5000),
        _textarea(B["mapping"], "Mapping (optional): JSON as in examples/benchmarks/, for headings the importer "
                  "does not know", rows=3, maxLength=100_000),
        _button(ids.WORKBENCH_BENCH_CHECK, "Check the file", color="outline-primary", bi="bi-clipboard-check"),
        _button(ids.WORKBENCH_BENCH_STORE, "Store the dataset", bi="bi-database-add"))


def datasets(frame) -> dbc.Card:
    if frame.empty:
        return _card("Benchmark datasets", html.P("No benchmark dataset is stored yet."),
                     id_=ids.WORKBENCH_BENCH_DATASETS)
    rows = [html.Tr([html.Td(r["name"]), html.Td(r["source"]), html.Td(_text(r["licence"]) or "not stated"),
                     html.Td(f"{r['retrieved_on']:%-d %b %Y}"), html.Td(f"{int(r['values']):,}")])
            for r in frame.to_dict("records")]
    return _card("Benchmark datasets", _table(("Dataset", "Source", "Licence", "Retrieved", "Figures"), rows,
                                              "Benchmark datasets"), id_=ids.WORKBENCH_BENCH_DATASETS)


def groups_card(frame) -> dbc.Card:
    rows = [html.Tr([html.Td(r["name"]), html.Td(html.Code(r["slug"])), html.Td(str(int(r["areas"]))),
                     html.Td(_text(r["source"]))]) for r in frame.to_dict("records")]
    return _card(
        "Comparator groups",
        html.P("A named group, such as CIPFA nearest neighbours: a CSV of area codes (the column headed area code, "
               "code or GSS code, else the first), or the areas typed below. Saving a group under an existing "
               "name replaces it.", className="small"),
        _upload(ids.WORKBENCH_GROUP_UPLOAD, "Drag the group's CSV here, or", ".csv,.xlsx"),
        _input(ids.WORKBENCH_GROUP_NAME, "Group name", placeholder="CIPFA nearest neighbours", maxLength=200),
        _textarea(ids.WORKBENCH_GROUP_AREAS, "Or the areas, by code or name, separated by commas", maxLength=20_000),
        _button(ids.WORKBENCH_GROUP_SAVE, "Save the group", bi="bi-people"),
        _table(("Group", "In the URL (?peers=)", "Areas", "From"), rows, "Comparator groups",
               id=ids.WORKBENCH_GROUPS, className="mt-3") if rows else html.P("No named group yet.", className="mt-2"))


def link_card(section: workbench.Benchmarks) -> dbc.Card:
    measures = [{"label": f"{r['code']} – {r['title']} ({_text(r['unit']) or 'no unit'}, {r['polarity']} is better)",
                 "value": r["code"]} for r in section.measures.to_dict("records")]
    targets = [{"label": f"{r['dataset']}: {r['code']} – {r['title']} ({_text(r['unit']) or 'no unit'}, "
                         f"{r['polarity']})", "value": target_value(r["dataset"], r["code"])}
               for r in section.targets.to_dict("records")]
    rows = [html.Tr([html.Td(r["code"]), html.Td(f"{r['benchmark_code']} {_text(r['title'])}"), html.Td(r["dataset"]),
                     html.Td(r["area"]), html.Td(_text(r["definition_note"]))])
            for r in section.links.to_dict("records")]
    return _card(
        "Link a council measure",
        html.P("Compare one of the council's measures with one benchmark measure: the units and the direction of "
               "better must agree. Say how the definitions differ, if they do: the page then says the comparison "
               "is not like for like. Linking again replaces the measure's link.", className="small"),
        _select(ids.WORKBENCH_LINK_MEASURE, "Council measure", measures, measures[0]["value"] if measures else None),
        _select(ids.WORKBENCH_LINK_TARGET, "Benchmark measure", targets, targets[0]["value"] if targets else None),
        dbc.Row([dbc.Col(_input(ids.WORKBENCH_LINK_AREA, "The council in the dataset (code or name)",
                                section.council, maxLength=200), sm=6),
                 dbc.Col(_input(ids.WORKBENCH_LINK_NOTE, "How our definition differs (optional)", maxLength=2000),
                         sm=6)]),
        _button(ids.WORKBENCH_LINK_SAVE, "Link the measure", bi="bi-link-45deg"),
        _button(ids.WORKBENCH_LINK_REMOVE, "Remove its link", color="outline-danger", bi="bi-x-circle"),
        _table(("Measure", "Compared with", "Dataset", "As", "Definitions differ"), rows, "Linked measures",
               id=ids.WORKBENCH_LINKS, className="mt-3") if rows else html.P("No measure is linked yet.",
                                                                              className="mt-2"))


def default_card(section: workbench.Benchmarks) -> dbc.Card:
    peers = section.peers
    options = [{"label": label, "value": value} for value, label in peers.choices]
    return _card(
        "The council's peer group",
        html.P(f"Pages compare with {peers.default_label} unless their address names another group: the "
               "overview's and directorates' Among peers column and bottom-quartile filter, the exceptions "
               "agenda, measure pages and report packs.", className="small"),
        _select(ids.WORKBENCH_PEERS_DEFAULT, "Compare with", options, peers.value),
        _button(ids.WORKBENCH_PEERS_SAVE, "Make it the default", bi="bi-check2-square"))


def benchmarks(section: workbench.Benchmarks) -> list:
    return [dbc.Row([dbc.Col([import_card(), datasets(section.datasets)], lg=6),
                     dbc.Col([default_card(section), link_card(section), groups_card(section.groups)], lg=6)])]
