"""Exceptions report callbacks: the period in the URL, and the report for that period."""

from urllib.parse import urlencode

from dash import Input, Output, callback, no_update

from dashboards import ids
from dashboards.exceptions_view import report
from data import db, loaders
from data.exceptions import exceptions
from data.periods import Period


@callback(Output(ids.EXCEPTIONS_LOCATION, "search"), Input(ids.EXCEPTIONS_PERIOD, "value"),
          prevent_initial_call=True)
def keep_exceptions_period_in_url(period):
    return "?" + urlencode({"period": period}) if period else no_update


@callback(Output(ids.EXCEPTIONS_LIST, "children"), Input(ids.EXCEPTIONS_PERIOD, "value"))
def show_exceptions(period):
    if not period:
        return no_update
    chosen = Period.parse(period)
    with db.connect() as conn:
        measures = loaders.measures(conn)
        measure_ids = [int(i) for i in measures["id"]]
        figures = loaders.figures(conn, measure_ids)
        changes = {i: loaders.process_changes(conn, i) for i in measure_ids}
        cases = exceptions(measures.to_dict("records"), figures, changes, chosen)
        flagged = [int(c.measure["id"]) for c in cases]
        comments, actions = loaders.latest_commentary(conn, flagged, chosen), loaders.actions(conn, flagged)
    return report(cases, chosen, comments, actions)
