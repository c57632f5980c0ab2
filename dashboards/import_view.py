"""Pure builders for the import page: the preview of an upload, its problems, and the heading-mapping form."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import html

from data.core import settings
from data.imports.intake import Preview
from data.imports.layouts import FIELDS
from data.imports.template import MAX_FILE_BYTES

MAX_ROWS_SHOWN = 200
FIELD_OPTIONS = [{"label": "Do not import (ignore)", "value": "ignore"}] + [
    {"label": f, "value": f} for f in FIELDS if f != "ignore"]


def upload_limit_mb() -> float:
    """Megabytes a web upload may have: the server's MAX_UPLOAD_MB, never above the importer's 50 MB."""
    return min(MAX_FILE_BYTES / 1024 / 1024, float(settings.get("MAX_UPLOAD_MB") or 50))


def upload_limit() -> int:
    return int(upload_limit_mb() * 1024 * 1024)


def _number(v) -> str:
    return "No data" if v is None else f"{v:g}"


def problems_table(problems) -> html.Div:
    rows = [html.Tr([html.Td(p.sheet), html.Td(p.row or ""), html.Td(p.column or ""), html.Td(p.message)])
            for p in problems[:MAX_ROWS_SHOWN]]
    more = [html.P(f"… and {len(problems) - MAX_ROWS_SHOWN} more.")] if len(problems) > MAX_ROWS_SHOWN else []
    return html.Div([dbc.Table([html.Thead(html.Tr([html.Th("Sheet"), html.Th("Row"), html.Th("Column"),
                                                    html.Th("Problem")])), html.Tbody(rows)],
                               size="sm", bordered=True, className="import-problems"), *more])


def mapping_panel(grid_id: str, button_id: str) -> dbc.Card:
    """The step where the user says what each unrecognised heading holds (a grid with a field picker)."""
    columns = [{"field": "heading", "headerName": "Column in your file", "flex": 1},
               {"field": "field", "headerName": "Holds (click to choose)", "flex": 1, "editable": True,
                "cellEditor": "agSelectCellEditor", "cellEditorParams": {"values": [o["value"] for o in FIELD_OPTIONS]},
                "cellClass": "import-field-choice"}]
    grid = dag.AgGrid(id=grid_id, columnDefs=columns, rowData=[], className="ag-theme-quartz",
                      dashGridOptions={"domLayout": "autoHeight", "singleClickEdit": True,
                                       "stopEditingWhenCellsLoseFocus": True}, style={"width": "100%"})
    return dbc.Card(dbc.CardBody([
        html.H2("Which field is each of these columns?", className="h6"),
        html.P("These headings were not recognised. Choose what each holds (`ignore` leaves it out), then use "
               "these columns.", className="small"),
        grid,
        dbc.Button("Use these columns", id=button_id, color="secondary", size="sm", className="mt-2"),
    ]), color="warning", outline=True)


def mapping_rows(headings: list[str], current: dict | None = None) -> list[dict]:
    current = current or {}
    return [{"heading": h, "field": current.get(h, "ignore")} for h in headings]


def chosen_headings(rows) -> dict[str, str]:
    """{heading: field} from the mapping grid's rows; unknown fields are dropped."""
    allowed = {o["value"] for o in FIELD_OPTIONS}
    return {str(r["heading"]): r["field"] for r in (rows if isinstance(rows, list) else [])
            if isinstance(r, dict) and r.get("heading") and r.get("field") in allowed}


def preview_panel(preview: Preview) -> html.Div:
    if not preview.ok:
        return dbc.Alert([html.H2(f"{preview.filename} cannot be imported", className="h5"),
                          html.P(f"{len(preview.problems)} problem(s); nothing has been written. Fix them in the "
                                 "file and upload it again."),
                          problems_table(preview.problems)], color="danger")
    c, p = preview.changes, preview.prepared
    summary = html.Ul([
        html.Li(f"{len(c.new_measures)} new measures" + (f": {', '.join(c.new_measures[:20])}"
                                                          if c.new_measures else "")),
        html.Li(f"{len(c.changed_measures)} measures with changed details"),
        html.Li(f"{c.new_values} new values, {len(c.changed_values)} changed values"),
        html.Li(f"{c.new_targets} new targets, {len(c.changed_targets)} changed targets"),
        html.Li(f"{c.new_commentary} new comments"),
    ])
    changed = [html.Tr([html.Td(code), html.Td(period), html.Td(what), html.Td(_number(old)), html.Td(_number(new))])
               for what, rows in (("value", c.changed_values), ("target", c.changed_targets))
               for code, period, old, new in rows[:MAX_ROWS_SHOWN]]
    table = dbc.Table([html.Thead(html.Tr([html.Th("Measure"), html.Th("Period"), html.Th("Figure"),
                                           html.Th("Now"), html.Th("After import")])), html.Tbody(changed)],
                      size="sm", bordered=True, className="import-changes") if changed else html.Div()
    skipped = [html.H3("Rows not imported", className="h6 mt-3"), problems_table(p.skipped)] if p.skipped else []
    if p.ignored:
        skipped.append(html.P(f"Columns not imported: {', '.join(p.ignored[:30])}"
                              + (" …" if len(p.ignored) > 30 else "") + ".", className="small"))
    nothing = c.nothing
    return dbc.Alert([
        html.H2(f"{preview.filename}: {'nothing would change' if nothing else 'ready to import'}", className="h5"),
        html.P(f"{p.rows_read} rows read ({', '.join(f'{s}: {k}' for s, k in p.layouts.items())}), checked in "
               f"{p.seconds:.1f} s."),
        summary, table, *skipped,
    ], color="secondary" if nothing else "info")


def result_alert(message: str, ok: bool = True) -> dbc.Alert:
    return dbc.Alert(message, color="success" if ok else "danger")


def export_options(directorates) -> list[dict]:
    return [{"label": "Every directorate", "value": "all"}] + [
        {"label": name, "value": slug} for slug, name in directorates]


def period_options(periods, everything: str) -> list[dict]:
    """Quarters and years with data, newest first, after an `everything` choice."""
    return [{"label": everything, "value": "all"}] + [{"label": p.name, "value": p.label} for p in periods]
