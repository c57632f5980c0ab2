"""Pure builders for the data-entry page: the editable grid (one row per measure due) and save messages."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from data.core.loaders import usable
from data.people import entry
from data.performance.formatting import format_value

EDITABLE_COLUMNS = ("value", "commentary", "publish")


def _figure(v, unit, decimals) -> str:
    return "–" if v is None or pd.isna(v) else format_value(v, unit, decimals)


def _typed(row) -> str:
    if row["value"] is not None and not pd.isna(row["value"]):
        return repr(float(row["value"])).removesuffix(".0") if usable(row["value"]) else ""
    return row["note"] or ""


def _unusable(row) -> str:
    """The Check column for a stored value that cannot be a figure (written past the checks)."""
    v = row["value"]
    if v is None or usable(v):
        return ""
    return f"The stored value ({v!r}) is unusable: type the right figure and save."


def entry_grid(grid_id: str) -> dag.AgGrid:
    """Value and commentary cells are editable while a figure is a draft (or not yet entered)."""
    editable = {"function": "params.data.locked !== true"}
    columns = [
        {"field": "code", "headerName": "Code", "width": 90, "pinned": "left"},
        {"field": "title", "headerName": "Measure", "flex": 2, "minWidth": 200, "wrapText": True, "autoHeight": True},
        {"field": "period", "headerName": "Period", "width": 110},
        {"field": "target", "headerName": "Target", "width": 100, "type": "rightAligned"},
        {"field": "last_year", "headerName": "Last year", "width": 110, "type": "rightAligned"},
        {"field": "usual", "headerName": "Usual range", "width": 150},
        {"field": "value", "headerName": "Value (type to edit)", "width": 150, "editable": editable,
         "cellClass": "entry-editable"},
        {"field": "warning", "headerName": "Check", "flex": 2, "minWidth": 200, "wrapText": True,
         "autoHeight": True, "cellClass": "entry-warning"},
        {"field": "commentary", "headerName": "Commentary", "flex": 2, "minWidth": 220, "editable": editable,
         "cellEditor": "agLargeTextCellEditor", "cellEditorPopup": True, "wrapText": True, "autoHeight": True},
        {"field": "publish", "headerName": "For publication", "width": 140, "editable": editable,
         "cellDataType": "boolean", "headerTooltip": "Tick to let the public read this commentary beside the "
                                                     "figures once the period is published"},
        {"field": "state", "headerName": "Sign-off", "width": 190},
    ]
    return dag.AgGrid(id=grid_id, columnDefs=columns, rowData=[], className="ag-theme-quartz entry-grid",
                      getRowId="params.data.measure_id",
                      defaultColDef={"resizable": True, "sortable": False},
                      dashGridOptions={"domLayout": "autoHeight", "singleClickEdit": True,
                                       "stopEditingWhenCellsLoseFocus": True, "ensureDomOrder": True,
                                       "suppressColumnVirtualisation": True},
                      style={"width": "100%"})


def grid_rows(rows: pd.DataFrame) -> list[dict]:
    out = []
    for r in rows.to_dict("records"):
        unit, dp = r["unit"], r["decimals"]
        usual = "" if r["low"] is None or pd.isna(r["low"]) else \
            f"{_figure(r['low'], unit, dp)} to {_figure(r['high'], unit, dp)}"
        out.append({"measure_id": int(r["measure_id"]), "code": r["code"], "title": r["title"],
                    "period": r["period"], "target": _figure(r["target"], unit, dp),
                    "last_year": _figure(r["last_year"], unit, dp), "usual": usual, "value": _typed(r),
                    "commentary": r["commentary"] or "", "publish": bool(r["published"]),
                    "state": entry.state_label(r["state"]),
                    "locked": r["state"] not in (None, *entry.EDITABLE), "warning": _unusable(r),
                    # what the form was opened with: the server compares it with what is stored when saving
                    "opened": entry.opened_as(r["value"], r["note"], r["state"], r["commentary"])})
    return out


def asked_again(shown: list, conflicts: dict[int, dict]) -> list[dict]:
    """The grid as the user typed it, each conflicting row now carrying what is stored (so saving again, having
    been told, replaces it), with the reason in its Check column."""
    out = []
    for row in shown if isinstance(shown, list) else []:
        if isinstance(row, dict) and row.get("measure_id") in conflicts:
            row = {**row, "opened": conflicts[row["measure_id"]],
                   "warning": "Changed by someone else since you opened the form: see the message below."}
        out.append(row)
    return out


def entries_from(grid_rows_: list | None) -> dict[int, tuple]:
    """{measure_id: (typed value, commentary, opened, for publication)} from the grid's rows; anything malformed
    is ignored."""
    out = {}
    for row in grid_rows_ if isinstance(grid_rows_, list) else []:
        if isinstance(row, dict) and isinstance(row.get("measure_id"), int) and not row.get("locked"):
            opened = row.get("opened") if isinstance(row.get("opened"), dict) else {}   # none: opened empty
            out[row["measure_id"]] = (str(row.get("value") or ""), str(row.get("commentary") or ""), opened,
                                      row.get("publish") is True)
    return out


def save_message(result: entry.Saved) -> dbc.Alert:
    if result.conflicts:
        return dbc.Alert([html.P([html.I(className="bi bi-exclamation-triangle-fill me-2", **{"aria-hidden": "true"}),
                                  "Nothing was saved: a figure changed since you opened the form."]),
                          html.Ul([html.Li(f"{code}: {why}" if code else why)
                                   for code, why in result.problems.items()])], color="warning")
    if not result.ok:
        return dbc.Alert([html.P("Nothing was saved:"),
                          html.Ul([html.Li(f"{code}: {why}" if code else why)
                                   for code, why in result.problems.items()])], color="danger")
    parts = [html.P(f"Saved {len(result.saved)} figure(s) as draft." if result.saved else "Nothing had changed.")]
    if result.warnings:
        parts.append(html.Ul([html.Li(f"{code}: {w}") for code, w in result.warnings.items()]))
    return dbc.Alert(parts, color="warning" if result.warnings else "success")
