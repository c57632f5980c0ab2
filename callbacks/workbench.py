"""The officer workbench's actions: each reads its form, asks data/ to make the change (the same functions the
command line uses, audited and bumping the data version), then says what happened and draws the section again from
the URL. Every one is for officers only: the request guard checks the role before the callback runs, and the
callback checks it again."""

from __future__ import annotations

from urllib.parse import parse_qsl

from dash import Input, Output, State, callback, no_update

from callbacks.shell import follow_in_url
from dashboards import ids
from dashboards import workbench_view as view
from data.core import audit, db, locks
from data.imports import catalogue, store
from data.imports.problems import ImportRefused, listing
from data.people import access, cycle, users
from data.reporting import publication, workbench
from security import identity, requires

follow_in_url(ids.WORKBENCH_SHOWN, ids.WORKBENCH_PERIOD)
follow_in_url(ids.WORKBENCH_SHOWN, ids.WORKBENCH_QUARTER)
follow_in_url(ids.WORKBENCH_SHOWN, ids.WORKBENCH_MEASURE)
follow_in_url(ids.WORKBENCH_SHOWN, ids.WORKBENCH_USER)
follow_in_url(ids.WORKBENCH_SHOWN, ids.WORKBENCH_CODE, ids.WORKBENCH_AUTHOR, ids.WORKBENCH_SOURCE,
              ids.WORKBENCH_SINCE, ids.WORKBENCH_UNTIL)


def answer(section: str) -> tuple:
    """A section's callbacks answer with a sentence and the section drawn again, into that section's own box."""
    return (Output(ids.WORKBENCH_MESSAGE, "children", allow_duplicate=True),
            Output(ids.WORKBENCH_SECTION_BODY[section], "children", allow_duplicate=True))


SEARCH = State(ids.PAGE_LOCATION, "search")
NOT_ALLOWED = "only the performance team (officers) may do this"
REFUSED = (ValueError, users.UserError, cycle.CycleError, catalogue.CatalogueError, audit.RestoreError, ImportRefused)


def redraw(search: str | None) -> list:
    """The section the URL names, drawn again (after a change)."""
    query = dict(parse_qsl((search or "").lstrip("?")))
    section = workbench.section_of(query.pop("section", None))
    with db.connect() as conn:
        return view.DRAW[section](workbench.section_data(conn, section, query))


def act(clicks, search, change) -> tuple:
    """Run `change()` (a sentence back) for an officer once the button was clicked (Dash also calls a callback when
    its section is drawn); a refused change says why and redraws nothing."""
    if not clicks:
        return no_update, no_update
    if not identity.viewer().at_least("officer"):
        return view.message(NOT_ALLOWED, ok=False), no_update
    try:
        done = change()
    except REFUSED as refused:
        return refusal(refused), no_update
    return view.message(done), redraw(search)


def refusal(refused: Exception):
    """What a refused change says: each problem (a file's by sheet, row and column), and that nothing was written."""
    problems = getattr(refused, "problems", None)
    if isinstance(problems, dict):
        return view.message([f"{k}: {v}" if k else v for k, v in problems.items()], ok=False)
    if isinstance(refused, ImportRefused):
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        return view.message([f"nothing was written; {count}:", *listing(problems)], ok=False)
    return view.message(str(refused), ok=False)


def _begin(write):
    with db.engine().begin() as conn:
        return write(conn)


# --- publish -------------------------------------------------------------------------------------------

@requires("officer")
@callback(*answer("publish"), Input(ids.WORKBENCH_PUBLISH, "n_clicks"), State(ids.WORKBENCH_PERIOD, "value"),
          State(ids.WORKBENCH_RELEASE_DAY, "value"), State(ids.WORKBENCH_RELEASE_TIME, "value"), SEARCH,
          prevent_initial_call=True)
def publish_period(_clicks, period, day, at, search):
    def change():
        label = publication.publishable(period).label
        release = workbench.release_time(day, at)
        new = _begin(lambda conn: access.publish(conn, label, identity.author(), release_at=release))
        if not new:
            return f"{label} was already published like this."
        when = f"the public sees it from {workbench.council_time(release)} (UK time)" if release else "public now"
        return f"Published {', '.join(new)}: {when}."
    return act(_clicks, search, change)


@requires("officer")
@callback(*answer("publish"), Input(ids.WORKBENCH_UNPUBLISH, "n_clicks"), State(ids.WORKBENCH_PERIOD, "value"), SEARCH,
          prevent_initial_call=True)
def withdraw_period(_clicks, period, search):
    def change():
        label = publication.publishable(period).label
        count = _begin(lambda conn: access.unpublish(conn, label, identity.author()))
        return f"Withdrew {count} quarter(s) of {label} from public view." if count else f"{label} was not published."
    return act(_clicks, search, change)


# --- reporting cycle -------------------------------------------------------------------------------------

@requires("officer")
@callback(*answer("cycle"), Input(ids.WORKBENCH_SET_DUE, "n_clicks"), State(ids.WORKBENCH_QUARTER, "value"),
          State(ids.WORKBENCH_DUE_DAY, "value"), State(ids.WORKBENCH_DUE_SERVICE, "value"), SEARCH,
          prevent_initial_call=True)
def set_due_date(_clicks, quarter, day, service, search):
    def change():
        due = workbench.parse_day(day, "The due date")
        chosen = None if service in (None, "", view.NEW) else [service]
        count = _begin(lambda conn: cycle.set_due(conn, quarter, due, chosen, by=identity.author()))
        return (f"{'Due date set' if due else 'Due date cleared'} for {count} service(s)." if count
                else "Nothing changed.")
    return act(_clicks, search, change)


@requires("officer")
@callback(*answer("cycle"), Input(ids.WORKBENCH_LOCK, "n_clicks"), State(ids.WORKBENCH_QUARTER, "value"), SEARCH,
          prevent_initial_call=True)
def close_period(_clicks, quarter, search):
    def change():
        label = cycle.quarter(quarter).label
        _begin(lambda conn: locks.lock(conn, label, identity.author()))
        return f"{label} is closed: its values change only through a correction with a reason."
    return act(_clicks, search, change)


@requires("officer")
@callback(*answer("cycle"), Input(ids.WORKBENCH_UNLOCK, "n_clicks"), State(ids.WORKBENCH_QUARTER, "value"), SEARCH,
          prevent_initial_call=True)
def reopen_period(_clicks, quarter, search):
    def change():
        label = cycle.quarter(quarter).label
        _begin(lambda conn: locks.unlock(conn, label, identity.author()))
        return f"{label} is open again."
    return act(_clicks, search, change)


@requires("officer")
@callback(*answer("cycle"), Input(ids.WORKBENCH_FIX, "n_clicks"), State(ids.WORKBENCH_FIX_CODE, "value"),
          State(ids.WORKBENCH_FIX_PERIOD, "value"), State(ids.WORKBENCH_FIX_VALUE, "value"),
          State(ids.WORKBENCH_FIX_REASON, "value"), SEARCH, prevent_initial_call=True)
def correct_value(_clicks, code, period, value, reason, search):
    def change():
        done = catalogue.correct_value(db.engine(), (code or "").strip(), period, value, reason,
                                       author=identity.author())
        return _changed(done, f"{code} {period}")
    return act(_clicks, search, change)


def _changed(done: store.Changes, what: str) -> str:
    if done.nothing:
        return f"{what}: nothing changed (the same figure was already stored)."
    return f"{what} saved."


# --- measures and targets ------------------------------------------------------------------------------

FIELDS = {name: State(component_id, "value") for name, component_id in ids.WORKBENCH_MEASURE_FIELDS.items()}


@requires("officer")
@callback(output=answer("measures"), inputs=dict(_clicks=Input(ids.WORKBENCH_SAVE_MEASURE, "n_clicks"),
                                     chosen=State(ids.WORKBENCH_MEASURE, "value"), fields=FIELDS, search=SEARCH),
          prevent_initial_call=True)
def save_measure(_clicks, chosen, fields, search):
    def change():
        editing = chosen not in (None, "", view.NEW)
        typed = workbench.measure_form(db.engine(), fields, chosen if editing else None)
        done = catalogue.save_measure(db.engine(), typed, author=identity.author(), new=not editing)
        code = typed["code"]
        if editing:
            return f"{code}: definition saved." if done.changed_measures else f"{code}: nothing had changed."
        return f"{code} created: choose it under Measure to set its targets."
    return act(_clicks, search, change)


@requires("officer")
@callback(*answer("measures"), Input(ids.WORKBENCH_RETIRE, "n_clicks"), State(ids.WORKBENCH_MEASURE, "value"),
          State(ids.WORKBENCH_RETIRE_DAY, "value"), SEARCH, prevent_initial_call=True)
def retire_measure(_clicks, code, day, search):
    return act(_clicks, search, lambda: catalogue.retire(
        db.engine(), code, workbench.parse_day(day, "The retirement date"), author=identity.author()))


@requires("officer")
@callback(*answer("measures"), Input(ids.WORKBENCH_SET_TARGET, "n_clicks"), State(ids.WORKBENCH_MEASURE, "value"),
          State(ids.WORKBENCH_TARGET_PERIOD, "value"), State(ids.WORKBENCH_TARGET_VALUE, "value"), SEARCH,
          prevent_initial_call=True)
def set_target(_clicks, code, period, value, search):
    def change():
        done = catalogue.set_target(db.engine(), code, period, value, author=identity.author())
        return _changed(done, f"{code} target for {period}")
    return act(_clicks, search, change)


# --- users ---------------------------------------------------------------------------------------------

@requires("officer")
@callback(*answer("users"), Input(ids.WORKBENCH_CREATE_USER, "n_clicks"), State(ids.WORKBENCH_USERNAME, "value"),
          State(ids.WORKBENCH_DISPLAY_NAME, "value"), State(ids.WORKBENCH_ROLE, "value"),
          State(ids.WORKBENCH_SERVICES, "value"), SEARCH, prevent_initial_call=True)
def create_user(_clicks, username, display_name, role, services, search):
    def change():
        def write(conn):
            users.create(conn, username or "", None, role=role, display_name=(display_name or "").strip() or None,
                         services=services or (), by=identity.author())
            return users.reset_password(conn, username, by=identity.author())
        temporary = _begin(write)
        return (f"{users.normalise(username)} created as {role}. Their first password, shown only now: "
                f"{temporary}")
    return act(_clicks, search, change)


@requires("officer")
@callback(*answer("users"), Input(ids.WORKBENCH_SAVE_USER, "n_clicks"), State(ids.WORKBENCH_USER, "value"),
          State(ids.WORKBENCH_ROLE, "value"), State(ids.WORKBENCH_SERVICES, "value"), SEARCH,
          prevent_initial_call=True)
def save_user(_clicks, username, role, services, search):
    def change():
        _begin(lambda conn: users.set_role(conn, username or "", role, services=services or [],
                                           by=identity.author()))
        return f"{username} is now {role}; their current sessions have ended."
    return act(_clicks, search, change)


def _set_active(clicks, username, active: bool, search):
    def change():
        if not active and users.normalise(username) == users.normalise(identity.author() or ""):
            raise users.UserError("you cannot deactivate your own account")
        _begin(lambda conn: users.set_active(conn, username or "", active, by=identity.author()))
        return f"{username} can sign in again." if active else f"{username} can no longer sign in."
    return act(clicks, search, change)


@requires("officer")
@callback(*answer("users"), Input(ids.WORKBENCH_DEACTIVATE, "n_clicks"), State(ids.WORKBENCH_USER, "value"), SEARCH,
          prevent_initial_call=True)
def deactivate_user(_clicks, username, search):
    return _set_active(_clicks, username, False, search)


@requires("officer")
@callback(*answer("users"), Input(ids.WORKBENCH_REACTIVATE, "n_clicks"), State(ids.WORKBENCH_USER, "value"), SEARCH,
          prevent_initial_call=True)
def reactivate_user(_clicks, username, search):
    return _set_active(_clicks, username, True, search)


@requires("officer")
@callback(*answer("users"), Input(ids.WORKBENCH_RESET_PASSWORD, "n_clicks"), State(ids.WORKBENCH_USER, "value"), SEARCH,
          prevent_initial_call=True)
def reset_password(_clicks, username, search):
    def change():
        temporary = _begin(lambda conn: users.reset_password(conn, username or "", by=identity.author()))
        return f"{username}'s new password, shown only now: {temporary} (their sessions have ended)."
    return act(_clicks, search, change)


# --- audit trail ---------------------------------------------------------------------------------------

@requires("officer")
@callback(*answer("audit"), Input(ids.WORKBENCH_RESTORE, "n_clicks"), State(ids.WORKBENCH_CHANGE, "data"),
          State(ids.WORKBENCH_RESTORE_REASON, "value"), SEARCH, prevent_initial_call=True)
def restore_change(_clicks, change_id, reason, search):
    def change():
        if not isinstance(change_id, int):
            raise audit.RestoreError("choose a change to restore")
        return audit.restore(db.engine(), change_id, author=identity.author(), reason=(reason or "").strip() or None)
    return act(_clicks, search, change)
