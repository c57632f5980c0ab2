"""Changing the plan from the pages: an action's progress (plan page), a risk's review (risk page), opening and
closing a measure's intervention plan (measure page). Editors and officers only (`@requires`); each callback asks
data.people.plan_entry, which checks the viewer's right to that service on the server before it writes."""

from dash import Input, Output, State, callback

from dashboards import ids
from dashboards.plan_view import edit_message
from data.core import db
from data.people import access, plan_entry
from data.reporting import plan
from security import identity, requires

REFUSED = (plan_entry.PlanRefused, access.Forbidden)


def _refusal(error) -> str:
    if isinstance(error, access.Forbidden):
        return "You may not change this: it belongs to a service you do not edit."
    return str(error)


@callback(Output(ids.PLAN_EDIT_MESSAGE, "children"), Input(ids.PLAN_EDIT_SAVE, "n_clicks"),
          State(ids.PLAN_EDIT_ACTION, "value"), State(ids.PLAN_EDIT_STATUS, "value"),
          State(ids.PLAN_EDIT_PERCENT, "value"), State(ids.PLAN_EDIT_NOTE, "value"),
          State(ids.PAGE_LOCATION, "search"), prevent_initial_call=True)
@requires("editor")
def save_progress(_clicks, code, status, percent, note, search=""):
    try:
        text = plan_entry.save_action_progress(db.engine(), identity.viewer(), code or "", status=status,
                                               percent=percent, note=note, author=identity.author())
    except REFUSED as e:
        return edit_message(_refusal(e), False)
    return edit_message(text, True, f"/plan{search or ''}")


@callback(Output(ids.RISKS_EDIT_MESSAGE, "children"), Input(ids.RISKS_EDIT_SAVE, "n_clicks"),
          State(ids.RISKS_EDIT_RISK, "value"), State(ids.RISKS_EDIT_LIKELIHOOD, "value"),
          State(ids.RISKS_EDIT_IMPACT, "value"), State(ids.RISKS_EDIT_REVIEW, "value"),
          State(ids.RISKS_EDIT_NOTE, "value"), State(ids.PAGE_LOCATION, "search"), prevent_initial_call=True)
@requires("editor")
def save_review(_clicks, code, likelihood, impact, review, note, search=""):
    try:
        text = plan_entry.save_risk_review(db.engine(), identity.viewer(), code or "", likelihood=likelihood,
                                           impact=impact, review_date=review, note=note, author=identity.author())
    except REFUSED as e:
        return edit_message(_refusal(e), False)
    return edit_message(text, True, f"/risks{search or ''}")


@callback(Output(ids.MEASURE_PLAN_MESSAGE, "children"), Input(ids.MEASURE_PLAN_OPEN, "n_clicks"),
          State(ids.MEASURE_CODE, "data"), State(ids.MEASURE_PLAN_TITLE, "value"),
          State(ids.MEASURE_PLAN_DUE, "value"), State(ids.MEASURE_PERIOD, "value"),
          State(ids.PAGE_LOCATION, "search"), prevent_initial_call=True)
@requires("editor")
def save_new_plan(_clicks, code, title, due, period, search=""):
    viewer = identity.viewer()
    with db.connect() as conn:
        status = plan.status_of(conn, code or "", period, viewer)
    try:
        text = plan_entry.save_new_intervention_plan(
            db.engine(), viewer, code or "", [(title, None, due)], below_target=status == "below_target",
            period=period, author=identity.author())
    except REFUSED as e:
        return edit_message(_refusal(e), False)
    return edit_message(text, True, f"/measure/{code}{search or ''}")


@callback(Output(ids.MEASURE_PLAN_CLOSE_MESSAGE, "children"), Input(ids.MEASURE_PLAN_CLOSE, "n_clicks"),
          State(ids.MEASURE_CODE, "data"), State(ids.MEASURE_PLAN_ID, "data"), State(ids.MEASURE_PLAN_NOTE, "value"),
          State(ids.MEASURE_PERIOD, "value"), State(ids.PAGE_LOCATION, "search"), prevent_initial_call=True)
@requires("editor")
def save_plan_closed(_clicks, code, plan_id, note, period, search=""):
    viewer = identity.viewer()
    if plan_id is None:
        return edit_message("There is no open intervention plan to close.", False)
    with db.connect() as conn:
        status = plan.status_of(conn, code or "", period, viewer)
    try:
        text = plan_entry.save_plan_closed(db.engine(), viewer, int(plan_id), note=note,
                                           on_target=status in ("on_target", "within_tolerance"),
                                           author=identity.author())
    except REFUSED as e:
        return edit_message(_refusal(e), False)
    return edit_message(text, True, f"/measure/{code}{search or ''}")
