"""Measure drill-down callbacks: the period in the URL, and the assessment, trend and SPC for that period."""

from urllib.parse import urlencode

from dash import Input, Output, State, callback, no_update

from dashboards import ids
from dashboards.measure_view import commentary_body, measure_panels
from dashboards.rebase_view import rebase_message
from data.core import db, loaders
from data.people import access
from data.reporting.evaluation import measure_commentary, resolve_period
from data.spc import rebase
from security import identity, requires


@callback(Output(ids.MEASURE_LOCATION, "search"), Input(ids.MEASURE_PERIOD, "value"), prevent_initial_call=True)
def keep_period_in_url(period):
    """`?period=2026%2F27+Q2`, so a shared link or a reload shows the same period."""
    return "?" + urlencode({"period": period}) if period else no_update


@callback(
    Output(ids.MEASURE_STATUS, "children"),
    Output(ids.MEASURE_TREND, "figure"),
    Output(ids.MEASURE_TREND_TEXT, "children"),
    Output(ids.MEASURE_SPC, "figure"),
    Output(ids.MEASURE_SPC_TEXT, "children"),
    Input(ids.MEASURE_CODE, "data"),
    Input(ids.MEASURE_PERIOD, "value"),
    Input(ids.MEASURE_GRAIN, "value"),
    Input(ids.MEASURE_VIEW, "value"),
    Input(ids.MEASURE_REBASED, "data"),
    prevent_initial_call=True,  # the page's layout draws the first view itself
)
def show_measure(code, period, grain, view="target", _rebased=None):
    """Figures of the viewer's scope only: a period they may not see (typed into a request) becomes the newest
    one they may, and the trend, SPC, forecast and narrative are computed from visible values alone.

    The SPC chart is drawn only once its view is chosen: a hidden chart would cost every first render."""
    viewer = identity.viewer()
    with db.connect() as conn:
        found = loaders.measures(conn, code=code)
        if found.empty or not period:
            return (no_update,) * 5
        chosen, _ = resolve_period(conn, period, viewer)
        if chosen is None:
            return (no_update,) * 5
        measure = found.iloc[0]
        values, targets = access.figures(conn, [measure["id"]], viewer)[int(measure["id"])]
        changes = loaders.process_changes(conn, int(measure["id"]))
    panels = measure_panels(measure, values, targets, changes, chosen, grain)
    return panels if view == "spc" else (*panels[:3], no_update, no_update)


@callback(Output(ids.MEASURE_COMMENTARY, "children"), Input(ids.MEASURE_CODE, "data"),
          Input(ids.MEASURE_PERIOD, "value"), prevent_initial_call=True)
def show_commentary(code, period):
    """The commentary up to the chosen period, its own notes first: a Q2 note is never shown while Q1 is chosen."""
    viewer = identity.viewer()
    with db.connect() as conn:
        found = loaders.measures(conn, code=code)
        chosen, _ = resolve_period(conn, period, viewer)
        if found.empty or chosen is None:
            return no_update
        return commentary_body(measure_commentary(conn, int(found["id"].iloc[0]), chosen, viewer))


@callback(Output(ids.MEASURE_TARGET_SECTION, "hidden"), Output(ids.MEASURE_SPC_SECTION, "hidden"),
          Input(ids.MEASURE_VIEW, "value"))
def show_view(view):
    """Show the target view or the SPC view of the same figures."""
    return view == "spc", view != "spc"


@callback(Output(ids.MEASURE_REBASE_MESSAGE, "children"), Output(ids.MEASURE_REBASED, "data"),
          Output(ids.MEASURE_REBASE_ACCEPT, "disabled"),
          Input(ids.MEASURE_REBASE_ACCEPT, "n_clicks"), State(ids.MEASURE_REBASE_REASON, "value"),
          State(ids.MEASURE_CODE, "data"), State(ids.MEASURE_REBASE_DATE, "data"), prevent_initial_call=True)
@requires("editor")
def accept_rebase(clicks, reason, code, changed_on):
    """Record the suggested rebase with its reason (officers, and editors of the measure's service, only); the SPC
    view then redraws from the new limits."""
    viewer = identity.viewer()
    with db.connect() as conn:
        found = loaders.measures(conn, code=code)
        if found.empty or not changed_on or not access.can_edit(viewer, loaders.service_of(conn, code)):
            return rebase_message("You may not change this measure's SPC limits.", False), no_update, no_update
    try:
        text = rebase.accept(db.engine(), int(found["id"].iloc[0]), changed_on, reason, author=identity.author())
    except rebase.RebaseRefused as refused:
        return rebase_message(str(refused), False), no_update, no_update
    return rebase_message(text, True), changed_on, True
