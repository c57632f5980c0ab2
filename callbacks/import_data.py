"""Import page callbacks: keep the upload in the database, preview it (with progress), map headings, confirm."""

from __future__ import annotations

import base64
import binascii

from dash import Input, Output, State, callback, ctx, dcc, no_update

from dashboards import ids
from dashboards.import_view import (chosen_headings, export_options, mapping_rows, period_options, preview_panel,
                                    result_alert, upload_limit, upload_limit_mb)
from data.core import db, loaders
from data.imports import export, intake, pending
from data.core.periods import Period, PeriodError
from data.imports.store import slugify
from security import identity

from security import requires


HIDDEN = "mt-3 d-none"


def decode_upload(contents: str | None) -> bytes | None:
    """The bytes of a dcc.Upload value (`data:<type>;base64,<data>`); None when unreadable or too large."""
    _, _, data = (contents or "").partition(",")
    if not data or len(data) * 3 // 4 > upload_limit() + 3:
        return None
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None


@requires("officer")
@callback(Output(ids.IMPORT_PENDING, "data"), Output(ids.IMPORT_RESULT, "children"),
          Input(ids.IMPORT_UPLOAD, "contents"), State(ids.IMPORT_UPLOAD, "filename"), prevent_initial_call=True)
def receive_upload(contents, filename):
    content = decode_upload(contents)
    if content is None:
        return None, result_alert(f"The file could not be read, or is larger than {upload_limit_mb():g} "
                                  "MB. Nothing was written.", ok=False)
    return pending.create(db.engine(), content, filename or "upload", identity.author()), ""


@requires("officer")
@callback(Output(ids.IMPORT_PREVIEW, "children"), Output(ids.IMPORT_MAPPING, "className"),
          Output(ids.IMPORT_MAPPING_GRID, "rowData"),
          Output(ids.IMPORT_CONFIRM, "disabled"), Output(ids.IMPORT_CANCEL, "disabled"),
          Input(ids.IMPORT_PENDING, "data"), Input(ids.IMPORT_REMAP, "n_clicks"),
          State(ids.IMPORT_MAPPING_GRID, "rowData"),
          running=[(Output(ids.IMPORT_TICK, "disabled"), False, True),
                   (Output(ids.IMPORT_PROGRESS, "className"), "mt-2", "mt-2 d-none")],
          prevent_initial_call=True)
def preview_upload(token, _remap, mapping_grid):
    return show_preview(token, ctx.triggered_id == ids.IMPORT_REMAP, mapping_grid)


def show_preview(token, remap: bool, mapping_grid):
    """Check the pending upload (recording progress as it goes), with any headings the user has just mapped."""
    engine = db.engine()
    upload = pending.load(engine, token) if isinstance(token, str) else None
    if upload is None:
        return "", HIDDEN, [], True, True
    mapping = upload.mapping
    if remap:
        mapping = {**mapping, "headings": {**mapping.get("headings", {}), **chosen_headings(mapping_grid)}}
        pending.set_mapping(engine, token, mapping)
    pending.set_progress(engine, token, 0.1)
    result = intake.preview(engine, upload.content, upload.filename, mapping,
                            progress=lambda f: pending.set_progress(engine, token, f))
    pending.set_progress(engine, token, 1.0)
    unmatched = result.unmatched
    return (preview_panel(result), "mt-3" if unmatched else HIDDEN,
            mapping_rows(unmatched, mapping.get("headings")), not result.ok, False)


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
          Input(ids.IMPORT_CONFIRM, "n_clicks"), State(ids.IMPORT_PENDING, "data"), prevent_initial_call=True)
def confirm_import(n_clicks, token):
    if not n_clicks:
        return no_update, no_update, no_update, no_update
    return _confirm(token, identity.author())


def _confirm(token, author):
    engine = db.engine()
    upload = pending.load(engine, token) if isinstance(token, str) else None
    if upload is None:
        return result_alert("This upload has expired or was already imported. Upload the file again.", False), \
            None, "", True
    try:
        prepared, changes = intake.import_file(engine, upload.content, upload.filename,
                                               mapping=upload.mapping or None, author=author)
    except intake.ImportRefused as refused:
        return result_alert(f"Refused: {len(refused.problems)} problem(s); nothing was written.", False), \
            token, no_update, True
    pending.discard(engine, token)
    return result_alert(f"Imported {upload.filename}: {len(changes.new_measures)} new measures, "
                        f"{changes.new_values} new values, {len(changes.changed_values)} changed values, "
                        f"{changes.new_targets} new targets, {len(changes.changed_targets)} changed targets."), \
        None, "", True


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
    return result_alert("Upload discarded; nothing was written."), None, "", HIDDEN


@requires("officer")
@callback(Output(ids.IMPORT_EXPORT_DIRECTORATE, "options"), Output(ids.IMPORT_EXPORT_FROM, "options"),
          Output(ids.IMPORT_EXPORT_TO, "options"), Input(ids.IMPORT_EXPORT_FORMAT, "id"))
def list_export_choices(_):
    with db.connect() as conn:
        frame = loaders.directorates(conn)
        periods = loaders.periods_with_data(conn)
    return (export_options(zip(frame["slug"], frame["name"])), period_options(periods, "The first period"),
            period_options(periods, "The latest period"))


def _period(label):
    if label in (None, "", "all"):
        return None
    try:
        return Period.parse(str(label))
    except PeriodError:
        return None


@requires("officer")
@callback(Output(ids.IMPORT_EXPORT_DOWNLOAD, "data"), Input(ids.IMPORT_EXPORT_BUTTON, "n_clicks"),
          State(ids.IMPORT_EXPORT_DIRECTORATE, "value"), State(ids.IMPORT_EXPORT_FROM, "value"),
          State(ids.IMPORT_EXPORT_TO, "value"), State(ids.IMPORT_EXPORT_FORMAT, "value"), prevent_initial_call=True)
def download_export(n_clicks, directorate, first, last, fmt):
    if not n_clicks:
        return no_update
    chosen = None if directorate in (None, "", "all") else str(directorate)
    first, last = _period(first), _period(last)
    with db.connect() as conn:
        data = export.tables(conn, directorate=chosen, first=first, last=last)
    name = "-".join(["performance", slugify(chosen or "all")] + [p.label.replace("/", "-").replace(" ", "") for p in
                                                         (first, last) if p])
    if fmt == "zip":
        return dcc.send_bytes(export.csv_zip(data), f"{name}.zip")
    return dcc.send_bytes(export.xlsx_bytes(data), f"{name}.xlsx")
