"""Exceptions report callbacks: the period in the URL, and the report for that period."""

from urllib.parse import urlencode

from dash import Input, Output, callback, no_update

from dashboards import ids
from dashboards.exceptions_view import report
from data.core import db, loaders
from data.people import access
from data.reporting.exceptions import exceptions
from data.reporting.evaluation import resolve_period
from security import identity


@callback(Output(ids.EXCEPTIONS_LOCATION, "search"), Input(ids.EXCEPTIONS_PERIOD, "value"),
          prevent_initial_call=True)
def keep_exceptions_period_in_url(period):
    return "?" + urlencode({"period": period}) if period else no_update


@callback(Output(ids.EXCEPTIONS_LIST, "children"), Input(ids.EXCEPTIONS_PERIOD, "value"))
def show_exceptions(period):
    """The report from the viewer's figures only; commentary and actions for members and above, names as allowed."""
    if not period:
        return no_update
    viewer = identity.viewer()
    with db.connect() as conn:
        chosen, _ = resolve_period(conn, period, viewer)  # never an unpublished period's figures
        if chosen is None:
            return no_update
        measures = access.hide_names(loaders.measures(conn), viewer)
        measure_ids = [int(i) for i in measures["id"]]
        figures = access.figures(conn, measure_ids, viewer)
        changes = {i: loaders.process_changes(conn, i) for i in measure_ids}
        cases = exceptions(measures.to_dict("records"), figures, changes, chosen)
        flagged = [int(c.measure["id"]) for c in cases]
        comments = actions = None
        if viewer.sees_internal:
            comments = loaders.latest_commentary(conn, flagged, chosen.judged)
            actions = access.hide_names(loaders.actions(conn, flagged), viewer)
    return report(cases, chosen, comments, actions, names=viewer.may_see_names)
