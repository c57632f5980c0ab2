"""Import page callbacks: keep the upload in the database, preview it (with progress) as the user's choices say,
confirm or cancel it, and export."""

from __future__ import annotations

from dash import Input, Output, State, callback, ctx, dcc, no_update

from dashboards import ids
from dashboards.import_choices_view import HIDDEN, choice_values, empty_choice_values
from dashboards.import_view import (confirmed_alert, export_options, period_options, preview_panel, result_alert,
                                    upload_limit_mb)
from data.core import db, loaders
from data.imports import choices, export, pending
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
    try:
        content = pending.decode(contents, upload_limit_mb())
        return pending.create(db.engine(), content, filename or "upload", identity.author()), ""
    except pending.UploadRefused as refused:
        return None, result_alert(str(refused), ok=False)


@requires("officer")
@callback(output=SHOWN, inputs=dict(token=Input(ids.IMPORT_PENDING, "data"), _apply=Input(ids.IMPORT_REMAP, "n_clicks"),
                                    chosen=CHOICES),
          running=[(Output(ids.IMPORT_TICK, "disabled"), False, True),
                   (Output(ids.IMPORT_PROGRESS, "className"), "mt-2", "mt-2 d-none")],
          prevent_initial_call=True)
def preview_upload(token, _apply, chosen):
    """Check the pending upload (recording progress as it goes), read as the user's choices say."""
    return show_preview(token, chosen if ctx.triggered_id == ids.IMPORT_REMAP else None)


def show_preview(token, chosen: dict | None) -> dict:
    engine = db.engine()
    upload = pending.load(engine, token) if isinstance(token, str) else None
    if upload is None:
        return {**empty_choice_values(), "preview": "", "panel_class": f"mt-3 {HIDDEN}", "confirm_disabled": True,
                "cancel_disabled": True}
    pending.set_progress(engine, token, 0.1)
    result, mapping = choices.preview(engine, upload, chosen, progress=lambda f: pending.set_progress(engine, token, f))
    pending.set_mapping(engine, token, mapping)
    pending.set_progress(engine, token, 1.0)
    return {**choice_values(result, mapping), "preview": preview_panel(result), "panel_class": "mt-3",
            "confirm_disabled": not result.ok, "cancel_disabled": False}


@requires("officer")
@callback(Output(ids.IMPORT_PROGRESS, "value"), Output(ids.IMPORT_PROGRESS, "label"),
          Input(ids.IMPORT_TICK, "n_intervals"), State(ids.IMPORT_PENDING, "data"), prevent_initial_call=True)
def show_progress(_tick, token):
    fraction = pending.progress(db.engine(), token) or 0.0
    return round(fraction * 100), f"Checking… {fraction:.0%}"


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


@requires("officer")
@callback(Output(ids.IMPORT_EXPORT_DOWNLOAD, "data"), Input(ids.IMPORT_EXPORT_BUTTON, "n_clicks"),
          State(ids.IMPORT_EXPORT_DIRECTORATE, "value"), State(ids.IMPORT_EXPORT_FROM, "value"),
          State(ids.IMPORT_EXPORT_TO, "value"), State(ids.IMPORT_EXPORT_FORMAT, "value"), prevent_initial_call=True)
def download_export(n_clicks, directorate, first, last, fmt):
    if not n_clicks:
        return no_update
    chosen = None if directorate in (None, "", "all") else str(directorate)
    first, last = export.period_or_none(first), export.period_or_none(last)
    with db.connect() as conn:
        data = export.tables(conn, directorate=chosen, first=first, last=last)
    name = export.file_name(chosen, first, last, fmt)
    return dcc.send_bytes(export.csv_zip(data) if fmt == "zip" else export.xlsx_bytes(data), name)
