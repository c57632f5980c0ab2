"""Import page callbacks: keep the upload in the database, preview it (a background job with progress) as the user's
choices say, confirm or cancel it, and export."""

from __future__ import annotations

from dash import Input, Output, State, callback, ctx, html, no_update
from flask import abort

from callbacks import background
from callbacks.reports import DOWNLOAD
from dashboards import ids
from dashboards.import_choices_view import HIDDEN, choice_values, empty_choice_values
from dashboards.import_view import (CONFIRM_CLASS, confirmed_alert, export_options, period_options, preview_panel, result_alert,
                                    upload_limit_mb)
from data.core import db, loaders
from data.imports import choices, export, pending
from data.reporting import pack_store
from security import identity, requires

CHOICES = dict(saved=State(ids.IMPORT_SAVED, "value"), header_row=State(ids.IMPORT_HEADER_ROW, "value"),
               columns=State(ids.IMPORT_MAPPING_GRID, "rowData"), area=State(ids.IMPORT_AREA, "value"),
               directorate=State(ids.IMPORT_DIRECTORATE, "value"), service=State(ids.IMPORT_SERVICE, "value"),
               frequency=State(ids.IMPORT_FREQUENCY, "value"), rollup=State(ids.IMPORT_ROLLUP, "value"),
               filter_column=State(ids.IMPORT_FILTER_COLUMN, "value"),
               filter_values=State(ids.IMPORT_FILTER_VALUES, "value"),
               measures=State(ids.IMPORT_MEASURES_GRID, "rowData"))
SHOWN = dict(saved_options=Output(ids.IMPORT_SAVED, "options"), saved=Output(ids.IMPORT_SAVED, "value"),
             header_row=Output(ids.IMPORT_HEADER_ROW, "value"), first_rows=Output(ids.IMPORT_FIRST_ROWS, "children"),
             columns=Output(ids.IMPORT_MAPPING_GRID, "rowData"), area_options=Output(ids.IMPORT_AREA, "options"),
             area=Output(ids.IMPORT_AREA, "value"), area_class=Output(ids.IMPORT_AREA_FIELD, "className"),
             directorate=Output(ids.IMPORT_DIRECTORATE, "value"), service=Output(ids.IMPORT_SERVICE, "value"),
             frequency=Output(ids.IMPORT_FREQUENCY, "value"), rollup=Output(ids.IMPORT_ROLLUP, "value"),
             filter_options=Output(ids.IMPORT_FILTER_COLUMN, "options"),
             filter_column=Output(ids.IMPORT_FILTER_COLUMN, "value"),
             filter_values=Output(ids.IMPORT_FILTER_VALUES, "value"),
             measures=Output(ids.IMPORT_MEASURES_GRID, "rowData"),
             measures_class=Output(ids.IMPORT_MEASURES_FIELD, "className"),
             preview=Output(ids.IMPORT_PREVIEW, "children"), panel_class=Output(ids.IMPORT_MAPPING, "className"),
             confirm_disabled=Output(ids.IMPORT_CONFIRM, "disabled"), cancel_disabled=Output(ids.IMPORT_CANCEL, "disabled"))


@requires("officer")
@callback(Output(ids.IMPORT_PENDING, "data"), Output(ids.IMPORT_RESULT, "children"),
          Input(ids.IMPORT_UPLOAD, "contents"), State(ids.IMPORT_UPLOAD, "filename"), prevent_initial_call=True)
def receive_upload(contents, filename):
    if pending.crafted_name(filename):   # no browser sends one: a plain 400 (security/headers.py), nothing kept
        abort(400, pending.CRAFTED_NAME)
    try:
        content = pending.decode(contents, upload_limit_mb())
        return pending.create(db.engine(), content, filename or "upload", identity.author()), ""
    except pending.UploadRefused as refused:
        return None, result_alert(str(refused), ok=False)


@requires("officer")
@callback(output=SHOWN, inputs=dict(token=Input(ids.IMPORT_PENDING, "data"), _apply=Input(ids.IMPORT_REMAP, "n_clicks"),
                                    chosen=CHOICES),
          background=True, manager=background.manager(),
          progress=[Output(ids.IMPORT_PROGRESS, "value"), Output(ids.IMPORT_PROGRESS, "label")],
          # While the file is checked, Confirm takes no click: it would import the choices checked before.
          running=[(Output(ids.IMPORT_PROGRESS, "className"), "mt-2", "mt-2 d-none"),
                   (Output(ids.IMPORT_CONFIRM, "className"), f"{CONFIRM_CLASS} disabled", CONFIRM_CLASS)],
          prevent_initial_call=True)
def preview_upload(set_progress, token, _apply, chosen):
    """Check the pending upload as a background job (progress shown as it goes), read as the user's choices say."""
    return show_preview(token, chosen if ctx.triggered_id == ids.IMPORT_REMAP else None, set_progress)


def show_preview(token, chosen: dict | None, set_progress=None) -> dict:
    engine = db.engine()
    upload = pending.load(engine, token) if isinstance(token, str) else None
    if upload is None:
        return {**empty_choice_values(), "preview": "", "panel_class": f"mt-3 {HIDDEN}", "confirm_disabled": True,
                "cancel_disabled": True}

    def progress(fraction: float) -> None:
        pending.set_progress(engine, token, fraction)    # kept with the upload, for any worker to read
        if set_progress:
            set_progress((round(fraction * 100), f"Checking… {fraction:.0%}"))
    progress(0.1)
    result, mapping = choices.preview(engine, upload, chosen, progress=progress)
    pending.set_mapping(engine, token, mapping)
    progress(1.0)
    return {**choice_values(result, mapping), "preview": preview_panel(result), "panel_class": "mt-3",
            "confirm_disabled": not result.ok, "cancel_disabled": False}


@requires("officer")
@callback(Output(ids.IMPORT_RESULT, "children", allow_duplicate=True),
          Output(ids.IMPORT_PENDING, "data", allow_duplicate=True),
          Output(ids.IMPORT_PREVIEW, "children", allow_duplicate=True),
          Output(ids.IMPORT_CONFIRM, "disabled", allow_duplicate=True),
          Input(ids.IMPORT_CONFIRM, "n_clicks"), State(ids.IMPORT_PENDING, "data"),
          State(ids.IMPORT_SAVE_NAME, "value"), prevent_initial_call=True)
def confirm_import(n_clicks, token, save_as):
    engine = db.engine()
    upload = pending.load(engine, token) if n_clicks and isinstance(token, str) else None
    if upload is None:
        return result_alert("This upload has expired or was already imported. Upload the file again.", False), \
            None, "", True
    done = choices.confirm(engine, upload, identity.author(), save_as)
    if done.problems is not None:
        return confirmed_alert(upload.filename, done), token, no_update, True
    return confirmed_alert(upload.filename, done), None, "", True


@requires("officer")
@callback(Output(ids.IMPORT_RESULT, "children", allow_duplicate=True),
          Output(ids.IMPORT_PENDING, "data", allow_duplicate=True),
          Output(ids.IMPORT_PREVIEW, "children", allow_duplicate=True),
          Output(ids.IMPORT_MAPPING, "className", allow_duplicate=True),
          Input(ids.IMPORT_CANCEL, "n_clicks"), State(ids.IMPORT_PENDING, "data"), prevent_initial_call=True)
def cancel_import(n_clicks, token):
    if not n_clicks:
        return no_update, no_update, no_update, no_update
    pending.discard(db.engine(), token if isinstance(token, str) else None)
    return result_alert("Upload discarded; nothing was written."), None, "", f"mt-3 {HIDDEN}"


@requires("officer")
@callback(Output(ids.IMPORT_EXPORT_DIRECTORATE, "options"), Output(ids.IMPORT_EXPORT_FROM, "options"),
          Output(ids.IMPORT_EXPORT_TO, "options"), Input(ids.IMPORT_EXPORT_FORMAT, "id"))
def list_export_choices(_):
    with db.connect() as conn:
        frame = loaders.directorates(conn)
        periods = loaders.periods_with_data(conn)
    return (export_options(zip(frame["slug"], frame["name"])), period_options(periods, "The first period"),
            period_options(periods, "The latest period"))


@callback(
    Output(ids.IMPORT_EXPORT_RESULT, "children"), Input(ids.IMPORT_EXPORT_BUTTON, "n_clicks"),
    State(ids.IMPORT_EXPORT_DIRECTORATE, "value"), State(ids.IMPORT_EXPORT_FROM, "value"),
    State(ids.IMPORT_EXPORT_TO, "value"), State(ids.IMPORT_EXPORT_FORMAT, "value"), State(ids.IMPORT_EXPORT_VIEWER, "data"),
    background=True, manager=background.manager(), prevent_initial_call=True,
    running=[(Output(ids.IMPORT_EXPORT_BUTTON, "disabled"), True, False),
             (Output(ids.IMPORT_EXPORT_CANCEL, "disabled"), False, True)],
    progress=[Output(ids.IMPORT_EXPORT_PROGRESS, "value"), Output(ids.IMPORT_EXPORT_PROGRESS, "label")],
    cancel=[Input(ids.IMPORT_EXPORT_CANCEL, "n_clicks")],
)
@requires("officer")
def export_job(set_progress, n_clicks, directorate, first, last, fmt, signed):
    """The full export as a background job (progress, cancel); the file is fetched from the download route."""
    viewer = identity.viewer_of_signed(signed)
    if viewer is None or not viewer.at_least("officer"):
        return html.P("This page has expired: reload it and try again.", className="text-danger")
    return html.Div(produce_export(set_progress, directorate, first, last, fmt, viewer))


def produce_export(set_progress, directorate, first, last, fmt, viewer) -> list:
    """Read, write and store the export; the children saying where to download it."""
    if fmt not in export.FORMATS:
        return [html.P(f"Unknown format {fmt!r}: choose an Excel workbook or CSV files.", className="text-danger")]
    chosen = None if directorate in (None, "", "all") else str(directorate)
    first, last = export.period_or_none(first), export.period_or_none(last)
    set_progress((10, "Reading the measures, values and targets"))
    with db.connect() as conn:
        data = export.tables(conn, directorate=chosen, first=first, last=last)
    set_progress((60, "Writing the workbook" if fmt == "xlsx" else "Writing the CSV files"))
    content = export.csv_zip(data) if fmt == "zip" else export.xlsx_bytes(data)
    name = export.file_name(chosen, first, last, fmt)
    token = pack_store.save(content, fmt, name, "officer", viewer.username, export.FORMATS[fmt])
    set_progress((100, "Done"))
    count = {sheet: len(rows) - 1 for sheet, rows in data.items()}   # less each sheet's heading row
    return [html.P(f"Exported {count['measures']:,} measures, {count['values']:,} values and "
                   f"{count['targets']:,} targets."),
            html.A(f"Download {name} ({len(content) / 1024:,.0f} KB)", href=DOWNLOAD.replace("<token>", token),
                   className="btn btn-success", download=name)]
