"""The measure page's period, view and grain write the URL; Pages draws the page from it (dashboards/measure.py)."""

from dash import Input, Output, State, callback, no_update

from callbacks.shell import follow_in_url
from dashboards import ids
from dashboards.rebase_view import rebase_message
from data.core import db, loaders
from data.people import access
from data.spc import rebase
from security import identity, requires

follow_in_url(ids.MEASURE_SHOWN, ids.MEASURE_PERIOD, ids.MEASURE_VIEW)
# Apart: the SPC view has no grain, and a callback fires only when all its inputs are on the page.
follow_in_url(ids.MEASURE_SHOWN, ids.MEASURE_GRAIN)


@callback(Output(ids.MEASURE_REBASE_MESSAGE, "children"), Output(ids.MEASURE_REBASE_ACCEPT, "disabled"),
          Input(ids.MEASURE_REBASE_ACCEPT, "n_clicks"), State(ids.MEASURE_REBASE_REASON, "value"),
          State(ids.MEASURE_CODE, "data"), State(ids.MEASURE_REBASE_DATE, "data"),
          State(ids.PAGE_LOCATION, "search"), prevent_initial_call=True)
@requires("editor")
def accept_rebase(_clicks, reason, code, changed_on, search=""):
    """Record the suggested rebase with its reason (officers, and editors of the measure's service, only); the
    message links to the page drawn again from the new limits."""
    viewer = identity.viewer()
    with db.connect() as conn:
        found = loaders.measures(conn, code=code)
        if found.empty or not changed_on or not access.can_edit(viewer, loaders.service_of(conn, code)):
            return rebase_message("You may not change this measure's SPC limits.", False), no_update
    try:
        text = rebase.accept(db.engine(), int(found["id"].iloc[0]), changed_on, reason, author=identity.author())
    except rebase.RebaseRefused as refused:
        return rebase_message(str(refused), False), no_update
    return rebase_message(text, True, f"/measure/{code}{search or ''}"), True
