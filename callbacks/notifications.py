"""Saving a person's notification choices (dashboards/notifications.py)."""

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, no_update
from sqlalchemy.orm import Session

from dashboards import ids
from data.core import db
from data.notify import outbox
from security import identity, requires


@requires("member")
@callback(Output(ids.NOTIFY_MESSAGE, "children"), Input(ids.NOTIFY_SAVE, "n_clicks"),
          State({"type": ids.NOTIFY_CHOICE, "kind": ALL}, "value"),
          State({"type": ids.NOTIFY_CHOICE, "kind": ALL}, "id"), prevent_initial_call=True)
def save_choices(n_clicks, values, control_ids):
    if not n_clicks:
        return no_update
    viewer = identity.viewer()
    try:
        with Session(db.engine()) as s, s.begin():
            user, allowed = outbox.choices_for(s, viewer.username or "")
            mine = {kind.key for kind, _ in allowed}
            for control, value in zip(control_ids, values):
                kind = control.get("kind") if isinstance(control, dict) else None
                if kind not in mine:
                    raise ValueError(f"{kind!r} is not a notification you can choose")
                outbox.set_preference(s, user.id, kind, value)
    except ValueError as e:
        return dbc.Alert(f"Not saved: {e}", color="danger")
    return dbc.Alert("Saved your choices.", color="success")
