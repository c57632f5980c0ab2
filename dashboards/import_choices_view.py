"""Pure builders for the import page's choices: how to read the file (saved mapping, heading row, what each
column holds), which area, the directorate and service for the whole file, a row filter, and each measure's
code, polarity and scale. The controls are always in the page; an upload's preview fills them (`choice_values`).
"""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import html

from dashboards import ids
from data.imports.choices import FRACTIONS, POLARITIES
from data.imports.headings import FIELDS
from data.imports.intake import Preview
from data.imports.layouts import UNKNOWN
from data.imports.sheets import column_letter

HIDDEN = "d-none"
AS_GIVEN = "as given"
FIELD_CHOICES = [UNKNOWN] + [f for f in FIELDS if f != "ignore"] + ["ignore"]
_GRID = {"domLayout": "autoHeight", "singleClickEdit": True, "stopEditingWhenCellsLoseFocus": True}
FREQUENCIES = [{"label": "As the file's periods show", "value": ""}] + [
    {"label": f.capitalize(), "value": f} for f in ("weekly", "monthly", "quarterly", "annual")]
ROLLUPS = [{"label": "Mean, unless the file says", "value": ""}, {"label": "Sum (counts, money)", "value": "sum"},
           {"label": "Mean (rates, averages)", "value": "mean"},
           {"label": "Latest (snapshots, cumulative series)", "value": "latest"}]


def _labelled(label: str, control, component_id: str, hint: str | None = None) -> html.Div:
    return html.Div([html.Label(label, htmlFor=component_id, className="form-label fw-semibold mb-1"), control,
                     html.Div(hint, className="form-text") if hint else None], className="mb-2")


def columns_grid() -> dag.AgGrid:
    columns = [{"field": "heading", "headerName": "Column in your file", "flex": 1},
               {"field": "field", "headerName": "Holds (click to choose)", "flex": 1, "editable": True,
                "cellEditor": "agSelectCellEditor", "cellEditorParams": {"values": FIELD_CHOICES},
                "cellClass": "import-field-choice"}]
    return dag.AgGrid(id=ids.IMPORT_MAPPING_GRID, columnDefs=columns, rowData=[], className="ag-theme-quartz",
                      dashGridOptions=_GRID, style={"width": "100%"})


def measures_grid() -> dag.AgGrid:
    editable_code = {"function": "params.data.derived === true"}
    columns = [{"field": "code", "headerName": "Code", "width": 130, "editable": editable_code,
                "cellClass": "import-code-choice"},
               {"field": "title", "headerName": "Measure", "flex": 2, "minWidth": 180, "wrapText": True,
                "autoHeight": True},
               {"field": "polarity", "headerName": "Higher is better?", "width": 150, "editable": True,
                "cellEditor": "agSelectCellEditor", "cellEditorParams": {"values": list(POLARITIES)},
                "cellClass": "import-polarity-choice"},
               {"field": "fractions", "headerName": "Values are", "width": 150, "editable": True,
                "cellEditor": "agSelectCellEditor", "cellEditorParams": {"values": [AS_GIVEN, FRACTIONS]}}]
    return dag.AgGrid(id=ids.IMPORT_MEASURES_GRID, columnDefs=columns, rowData=[], className="ag-theme-quartz",
                      dashGridOptions=_GRID, style={"width": "100%"})


def choices_card() -> dbc.Card:
    """Every choice the command line's mapping offers, in the page; filled in by each preview."""
    text = {"type": "text", "className": "form-control", "debounce": True}
    return dbc.Card(dbc.CardBody([
        html.H2("How to read this file", className="h5"),
        html.P("Check what the importer found, change what is wrong, then apply. Nothing is written until you "
               "confirm.", className="small"),
        dbc.Row([
            dbc.Col(_labelled("Saved mapping", dbc.Select(id=ids.IMPORT_SAVED, options=[]), ids.IMPORT_SAVED,
                              "Choices saved for files with these headings."), md=6),
            dbc.Col(_labelled("Heading row", dbc.Input(id=ids.IMPORT_HEADER_ROW, type="number", min=1, max=1000,
                                                       step=1), ids.IMPORT_HEADER_ROW,
                              "Blank: found by the importer."), md=6),
        ]),
        html.Div(id=ids.IMPORT_FIRST_ROWS),
        html.H3("What each column holds", className="h6 mt-2"),
        columns_grid(),
        html.Div(_labelled("Area to import", dbc.Select(id=ids.IMPORT_AREA, options=[]), ids.IMPORT_AREA,
                           "The file holds several areas; the others are kept for benchmarking."),
                 id=ids.IMPORT_AREA_FIELD, className=f"mt-3 {HIDDEN}"),
        dbc.Row([
            dbc.Col(_labelled("Directorate for the file", dbc.Input(id=ids.IMPORT_DIRECTORATE, **text),
                              ids.IMPORT_DIRECTORATE, "For measures the file gives none."), md=6),
            dbc.Col(_labelled("Service for the file", dbc.Input(id=ids.IMPORT_SERVICE, **text), ids.IMPORT_SERVICE,
                              "For measures the file gives none."), md=6),
        ], className="mt-3"),
        dbc.Row([
            dbc.Col(_labelled("Frequency of new measures", dbc.Select(id=ids.IMPORT_FREQUENCY, options=FREQUENCIES),
                              ids.IMPORT_FREQUENCY), md=6),
            dbc.Col(_labelled("Roll-up of new measures", dbc.Select(id=ids.IMPORT_ROLLUP, options=ROLLUPS),
                              ids.IMPORT_ROLLUP, "How periods add up to quarters and years."), md=6),
        ]),
        dbc.Row([
            dbc.Col(_labelled("Keep only rows where", dbc.Select(id=ids.IMPORT_FILTER_COLUMN, options=[]),
                              ids.IMPORT_FILTER_COLUMN), md=6),
            dbc.Col(_labelled("is one of", dbc.Input(id=ids.IMPORT_FILTER_VALUES, **text), ids.IMPORT_FILTER_VALUES,
                              "Values separated by commas."), md=6),
        ]),
        html.Div([html.H3("Measures", className="h6 mt-2"),
                  html.P("Codes made from names can be changed; say which way is better where the file does not.",
                         className="small"),
                  measures_grid()], id=ids.IMPORT_MEASURES_FIELD, className=HIDDEN),
        dbc.Button("Apply these choices", id=ids.IMPORT_REMAP, color="secondary", size="sm", className="mt-3"),
    ]), color="warning", outline=True)


def _first_rows(preview: Preview) -> html.Div | None:
    """The top of each sheet with no table found, numbered as the spreadsheet numbers rows and columns."""
    blocks = []
    for sheet, rows in preview.understood.first_rows.items():
        width = max((len(r) for r in rows), default=0)
        head = html.Thead(html.Tr([html.Th("Row")] + [html.Th(column_letter(c)) for c in range(width)]))
        body = html.Tbody([html.Tr([html.Th(str(n))] + [html.Td("" if v is None else str(v)[:40]) for v in r])
                           for n, r in enumerate(rows, start=1)])
        blocks += [html.P(f"No table was recognised in {sheet}. Its first rows are below: give the heading row, "
                          "apply, then say what each column holds.", className="small mb-1"),
                   html.Div(dbc.Table([head, body], size="sm", bordered=True, className="import-first-rows"),
                            className="table-responsive", role="region", tabIndex=0,
                            **{"aria-label": f"First rows of {sheet}"})]
    return html.Div(blocks) if blocks else None


def _column_rows(preview: Preview, mapping: dict) -> list[dict]:
    chosen = mapping.get("headings", {})
    rows = [{"heading": h, "field": chosen.get(h, role)} for info in preview.understood.found.values()
            for h, role in info["columns"]]
    return list({r["heading"]: r for r in rows}.values())


def _measure_rows(preview: Preview, mapping: dict) -> list[dict]:
    scale = mapping.get("scale", {})
    return [{"code": m["code"], "original": m["code"], "title": m["title"], "derived": bool(m["derived"]),
             "polarity": m["polarity"] or "", "found_polarity": m["polarity"] or "",
             "fractions": FRACTIONS if m["code"] in scale else AS_GIVEN} for m in preview.understood.measures]


def choice_values(preview: Preview, mapping: dict) -> dict:
    """What each control shows after a preview: the file's areas, headings and measures, the choices made."""
    understood = preview.understood
    saved = list(dict.fromkeys(([mapping["name"]] if mapping.get("name") else []) + understood.saved))
    areas = sorted(understood.areas)
    headings = [h for info in understood.found.values() for h, _ in info["columns"]]
    include = mapping.get("include", {})
    column, kept = next(iter(include.items()), ("", []))
    defaults = mapping.get("defaults", {})
    measures = _measure_rows(preview, mapping)
    return {
        "saved_options": [{"label": "None", "value": ""}] + [{"label": n, "value": n} for n in saved],
        "saved": mapping.get("name", ""), "header_row": mapping.get("header_row"),
        "first_rows": _first_rows(preview), "columns": _column_rows(preview, mapping),
        "area_options": [{"label": "Choose an area", "value": ""}] + [
            {"label": f"{a} ({understood.areas[a][1]} rows)", "value": a} for a in areas],
        "area": mapping.get("area") or "", "area_class": "mt-3" if len(areas) > 1 else f"mt-3 {HIDDEN}",
        "directorate": defaults.get("directorate", ""), "service": defaults.get("service", ""),
        "frequency": defaults.get("frequency", ""), "rollup": defaults.get("rollup", ""),
        "filter_options": [{"label": "(no filter)", "value": ""}] + [{"label": h, "value": h}
                                                                    for h in dict.fromkeys(headings)],
        "filter_column": column, "filter_values": ", ".join(map(str, kept)),
        "measures": measures, "measures_class": "" if measures else HIDDEN,
    }


def empty_choice_values() -> dict:
    return {"saved_options": [], "saved": "", "header_row": None, "first_rows": None, "columns": [],
            "area_options": [], "area": "", "area_class": f"mt-3 {HIDDEN}", "directorate": "", "service": "",
            "frequency": "", "rollup": "",
            "filter_options": [], "filter_column": "", "filter_values": "", "measures": [],
            "measures_class": HIDDEN}
