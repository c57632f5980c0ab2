"""Data-entry page callbacks: the grid for a service and month, outlier checks as values are typed, saving
drafts, and sign-off (submit, approve, reopen). Each write is checked against the viewer's role and services."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, no_update

from callbacks import background
from dashboards import ids
from dashboards.entry_view import asked_again, entries_from, grid_rows, save_message
from data.core import db, loaders, locks
from data.imports import values
from data.people import access, entry
from security import identity

from security import own_services, requires

ACTIONS = {ids.ENTRY_SUBMIT: "submit", ids.ENTRY_APPROVE: "approve", ids.ENTRY_REOPEN: "reopen"}
DONE = {"submit": "submitted for approval", "approve": "approved", "reopen": "reopened as drafts"}


def refusal(action: str, service: str | None) -> str | None:
    """Why the viewer may not do this to the service's figures, or None when they may."""
    viewer = identity.viewer()
    role = entry.role_for(action)
    if not viewer.at_least(role):
        return f"You need the {role} role to {action} figures."
    with db.connect() as conn:
        found = loaders.services(conn)
    service_id = next((int(i) for i, slug in zip(found["id"], found["slug"]) if slug == service), None)
    if not access.can_edit(viewer, service_id):
        return "You may not change this service's figures."
    return None


def _rows(service, month):
    """The form of a service the viewer may edit (the guard has checked already: `own_services`) for a month the
    page offers (never a future or crafted one), else None."""
    period = entry.offered_month(month)
    if not service or not isinstance(service, str) or period is None:
        return None
    with db.connect() as conn:
        if not access.may_edit_service(conn, identity.viewer(), service):
            raise access.Forbidden("may not see this service's data-entry form")
        return entry.form(conn, str(service), period)


@requires("editor")
@own_services(ids.ENTRY_SERVICE)
@callback(Output(ids.ENTRY_GRID, "rowData"), Input(ids.ENTRY_SERVICE, "value"), Input(ids.ENTRY_MONTH, "value"))
def show_entry_form(service, month):
    rows = _rows(service, month) if service and month else None
    return no_update if rows is None else grid_rows(rows)


@requires("editor")
@own_services(ids.ENTRY_SERVICE)
@callback(Output(ids.ENTRY_GRID, "rowData", allow_duplicate=True), Input(ids.ENTRY_GRID, "cellValueChanged"),
          State(ids.ENTRY_GRID, "rowData"), State(ids.ENTRY_SERVICE, "value"), State(ids.ENTRY_MONTH, "value"),
          prevent_initial_call=True)
def check_typed_values(_changed, shown, service, month):
    """Flag each typed value that is not a number, or lies outside its measure's usual range, before saving."""
    rows = _rows(service, month)
    if rows is None or not isinstance(shown, list):
        return no_update
    ranges = {int(r["measure_id"]): r for r in rows.to_dict("records")}
    checked = []
    for row in shown:
        if not isinstance(row, dict):
            continue
        r = ranges.get(row.get("measure_id"))
        try:
            value, _ = values.parse_value(row.get("value"))
            warning = entry.outlier_warning(value, r["low"], r["high"], r["unit"], r["decimals"]) if r else None
        except ValueError as e:
            warning = str(e)
        checked.append({**row, "warning": warning or ""})
    return checked


@requires("editor")
@own_services(ids.ENTRY_SERVICE)
@callback(Output(ids.ENTRY_MESSAGE, "children"), Output(ids.ENTRY_GRID, "rowData", allow_duplicate=True),
          Input(ids.ENTRY_SAVE, "n_clicks"), State(ids.ENTRY_SERVICE, "value"), State(ids.ENTRY_MONTH, "value"),
          State(ids.ENTRY_GRID, "rowData"), prevent_initial_call=True)
def save_entries(n_clicks, service, month, shown):
    if not n_clicks:
        return no_update, no_update
    why = refusal("save", service)
    if why:
        return save_message(entry.Saved(problems={"": why})), no_update
    rows = _rows(service, month)
    if rows is None:
        return no_update, no_update
    result = entry.save(db.engine(), rows, entries_from(shown), author=identity.author())
    if result.conflicts:
        return save_message(result), asked_again(shown, result.conflicts)
    return save_message(result), (grid_rows(_rows(service, month)) if result.ok else no_update)


@requires("editor")
@own_services(ids.ENTRY_SERVICE)
@callback(Output(ids.ENTRY_MESSAGE, "children", allow_duplicate=True),
          Output(ids.ENTRY_GRID, "rowData", allow_duplicate=True),
          Input(ids.ENTRY_SUBMIT, "n_clicks"), Input(ids.ENTRY_APPROVE, "n_clicks"),
          Input(ids.ENTRY_REOPEN, "n_clicks"), State(ids.ENTRY_SERVICE, "value"), State(ids.ENTRY_MONTH, "value"),
          prevent_initial_call=True)
def change_sign_off(_submit, _approve, _reopen, service, month):
    action = ACTIONS.get(ctx.triggered_id)
    if not action:
        return no_update, no_update
    why = refusal(action, service)
    if why:
        return save_message(entry.Saved(problems={"": why})), no_update
    rows = _rows(service, month)
    if rows is None:
        return no_update, no_update
    try:
        moved = entry.change_state(db.engine(), rows, action, author=identity.author())
    except locks.Locked as locked:
        return save_message(entry.Saved(problems={"": str(locked.problems[0])})), no_update
    if moved and action == "approve":
        background.notify_soon()   # alerts for figures that turned bad, off the request thread
    message = f"{len(moved)} figure(s) {DONE[action]}: {', '.join(moved)}." if moved else \
        f"No figure could be {DONE[action]}."
    return dbc.Alert(message, color="success" if moved else "secondary"), grid_rows(_rows(service, month))
