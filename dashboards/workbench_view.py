"""Pure builders of the officer workbench's sections (dashboards/workbench.py draws them from the URL; the
callbacks in callbacks/workbench.py draw them again after a change). Status is always an icon and words."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards import ids
from dashboards.audit_view import FIELD_WORDS
from dashboards.components import icon, scroll_region, shown_values, status_badge
from data.people import access, cycle
from data.reporting import workbench
from data.reporting.workbench import council_time

F = ids.WORKBENCH_MEASURE_FIELDS
NEW = "all"   # the selects' "nothing chosen" value (the URL writer drops it), here: a new measure or user
CHOICES = {"polarity": ("higher", "lower", "none"), "frequency": ("monthly", "quarterly", "annual", "weekly"),
           "kind": ("target", "data only"), "rollup": ("sum", "mean", "latest"),
           "tolerance_type": ("percent", "absolute")}
RETURN_ICONS = {"returned": "bi-check-circle-fill", "late": "bi-exclamation-octagon-fill", "due": "bi-hourglass-split",
                "no_due_date": "bi-calendar-x"}
WORDS = {**FIELD_WORDS, "definition": "Definition", "publication": "Publication", "setting": "Council setting",
         "benchmark": "Benchmarks", "lock": "Closed period", "due date": "Due date", "account": "Account"}


def message(text, ok: bool = True) -> dbc.Alert:
    """The answer to an action: an icon and words, green or red."""
    lines = text if isinstance(text, list) else [text]
    body = [icon("bi-check-circle-fill" if ok else "bi-x-octagon-fill"), html.Strong("Done: " if ok else "Not done: ")]
    if len(lines) == 1:
        return dbc.Alert([*body, lines[0]], color="success" if ok else "danger", className="py-2")
    return dbc.Alert([*body, html.Ul([html.Li(line) for line in lines], className="mb-0")],
                     color="success" if ok else "danger", className="py-2")


def _label(text, for_id):
    return html.Label(text, htmlFor=for_id, className="form-label fw-semibold mb-1")


def _select(component_id, label, options, value, **kw):
    return html.Div([_label(label, component_id), dbc.Select(id=component_id, options=options, value=value, **kw)],
                    className="mb-2")


def _input(component_id, label, value="", type_="text", **kw):
    return html.Div([_label(label, component_id),
                     dbc.Input(id=component_id, type=type_, value="" if value is None else value, **kw)],
                    className="mb-2")


def _button(component_id, words, color="primary", bi=None, **kw):
    return dbc.Button([*([icon(bi)] if bi else []), words], id=component_id, color=color, className="me-2 mt-2",
                      **kw)


def _card(title, *body, id_=None):
    return dbc.Card([dbc.CardHeader(html.H2(title, className="h5 mb-0")), dbc.CardBody(list(body))],
                    className="mb-3", id=id_ or f"workbench-card-{title.lower().replace(' ', '-')[:30]}")


def _table(head, rows, label: str = "Table", **kw):
    return scroll_region(dbc.Table([html.Thead(html.Tr([html.Th(h, scope="col") for h in head])), html.Tbody(rows)],
                                   size="sm", bordered=True, **kw), label)


def section_nav(current: str) -> html.Nav:
    items = [html.Li(dcc.Link([name, html.Span(" (this section)", className="visually-hidden")]
                              if key == current else name, href=f"/workbench?section={key}",
                              className="nav-link active" if key == current else "nav-link"), className="nav-item")
             for key, name in workbench.SECTIONS.items()]
    return html.Nav(html.Ul(items, className="nav nav-pills mb-3"), **{"aria-label": "Workbench sections"})


# --- publish --------------------------------------------------------------------------------------------

def publish(section: workbench.Publish) -> list:
    options = [{"label": p.name, "value": p.label} for p in section.options]
    picker = _select(ids.WORKBENCH_PERIOD, "Period to publish", options,
                     section.chosen.label if section.chosen else None)
    form = _card("Publish", picker,
                 html.P("Leave the release date empty to publish now, or give the UK date and time from which the "
                        "public sees it (an embargo): it publishes itself then.", className="small"),
                 dbc.Row([dbc.Col(_input(ids.WORKBENCH_RELEASE_DAY, "Release date", type_="date"), sm=6),
                          dbc.Col(_input(ids.WORKBENCH_RELEASE_TIME, "Release time (UK)", type_="time"), sm=6)]),
                 _button(ids.WORKBENCH_PUBLISH, "Publish", bi="bi-megaphone"),
                 _button(ids.WORKBENCH_UNPUBLISH, "Withdraw from public view", color="outline-danger",
                         bi="bi-eye-slash"))
    return [shown_values(ids.WORKBENCH_SHOWN, [ids.WORKBENCH_PERIOD], picker),
            dbc.Row([dbc.Col([form, publications(section.publications)], lg=5),
                     dbc.Col(preview(section.preview), lg=7)])]


def publications(rows: list[dict]) -> dbc.Card:
    if not rows:
        return _card("Published periods", html.P("Nothing is published yet: the public sees no figures."))
    body = [html.Tr([html.Td(r["period"]),
                     html.Td([icon("bi-eye"), f"Public since {council_time(r['release_at'] or r['published_at'])}"]
                             if r["public"] else
                             [icon("bi-clock-history"), f"Embargoed until {council_time(r['release_at'])}"]),
                     html.Td(r["published_by"] or "")]) for r in rows]
    return _card("Published periods", _table(("Quarter", "State", "By"), body, "Published periods"))


def preview(shown) -> dbc.Card:
    if shown is None:
        return _card("What the public will see", html.P("No approved figures are stored yet."),
                     id_=ids.WORKBENCH_PREVIEW)
    rows = [html.Tr([html.Td(r["code"]), html.Td(r["title"]), html.Td(r["value_text"]), html.Td(r["target_text"]),
                     html.Td(status_badge(r["status"]))]) for r in shown.results.to_dict("records")]
    state = ("Already public." if shown.already_public else "Not public yet: this is what the public will see "
             "once it is published (approved figures only; officer names as the council shows them publicly).")
    return _card(f"What the public will see: {shown.period.name}",
                 html.P(state, className="small"), html.P(shown.headline, className="fw-semibold"),
                 _table(("Code", "Measure", "Value", "Target", "Status"), rows, "What the public will see"), id_=ids.WORKBENCH_PREVIEW)


# --- reporting cycle -------------------------------------------------------------------------------------

def return_status(status: str) -> html.Span:
    return html.Span([icon(RETURN_ICONS[status]), cycle.STATUS_WORDS[status]], className=f"return-{status}")


def reporting_cycle(section: workbench.Cycle) -> list:
    picker = _select(ids.WORKBENCH_QUARTER, "Quarter", [{"label": p.name, "value": p.label} for p in section.options],
                     section.chosen.label)
    services = [{"label": "Every service", "value": NEW}] + [
        {"label": r["name"], "value": str(r["id"])} for r in section.services.to_dict("records")]
    due = _card("Due dates", html.P(f"When each service's return for {section.chosen.name} is due.", className="small"),
                dbc.Row([dbc.Col(_input(ids.WORKBENCH_DUE_DAY, "Due on", type_="date"), sm=6),
                         dbc.Col(_select(ids.WORKBENCH_DUE_SERVICE, "For", services, NEW), sm=6)]),
                _button(ids.WORKBENCH_SET_DUE, "Set the due date", bi="bi-calendar-check"))
    closed = section.cycle.locked
    lock = _card("Close the period",
                 html.P([icon("bi-lock-fill" if closed else "bi-unlock"),
                         f"{section.chosen.label} is closed: its values change only through a correction with a "
                         "reason." if closed else f"{section.chosen.label} is open: values may still be entered, "
                         "imported and signed off."]),
                 _button(ids.WORKBENCH_UNLOCK, "Reopen the period", color="outline-secondary", bi="bi-unlock")
                 if closed else _button(ids.WORKBENCH_LOCK, "Close the period", color="secondary", bi="bi-lock"))
    fix = _card("Correct a value",
                html.P("A value of a closed period changes only here (or by an import with a correction reason); "
                       "the reason goes into the audit trail.", className="small"),
                dbc.Row([dbc.Col(_input(ids.WORKBENCH_FIX_CODE, "Measure code"), sm=4),
                         dbc.Col(_input(ids.WORKBENCH_FIX_PERIOD, "Period", placeholder="2026/27 Q2 or 2026-08"),
                                 sm=4),
                         dbc.Col(_input(ids.WORKBENCH_FIX_VALUE, "Value"), sm=4)]),
                _input(ids.WORKBENCH_FIX_REASON, "Reason for the correction", maxLength=250),
                _button(ids.WORKBENCH_FIX, "Correct the value", bi="bi-pencil-square"))
    return [shown_values(ids.WORKBENCH_SHOWN, [ids.WORKBENCH_QUARTER], picker),
            dbc.Row([dbc.Col([picker, due, lock, fix], lg=4), dbc.Col(returns(section.cycle), lg=8)])]


def returns(shown: cycle.Cycle) -> html.Div:
    chase = shown.chase
    chase_card = _card(f"Chase list: {len(chase)} late return{'s' if len(chase) != 1 else ''}", html.Ul(
        [html.Li([html.Strong(r["service"]), f" ({r['directorate']}): due {r['due_on']:%-d %b %Y}, "
                  f"{r['returned']} of {r['expected']} figures returned; missing {', '.join(r['missing'])}"])
         for r in chase]) if chase else html.P("No return is late."), id_=ids.WORKBENCH_CHASE)
    rows = [html.Tr([html.Td(r["directorate"]), html.Td(r["service"]),
                     html.Td(f"{r['due_on']:%-d %b %Y}" if r["due_on"] else "–"),
                     html.Td(f"{r['returned']} of {r['expected']}"), html.Td(return_status(r["status"]))])
            for r in shown.returns]
    return html.Div([chase_card, _card(f"Returns for {shown.period.name}", _table(
        ("Directorate", "Service", "Due", "Figures returned", "State"), rows, "Returns"))])


# --- measures and targets --------------------------------------------------------------------------------

def _value(m, key):
    v = (m or {}).get(key)
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else v


def measures(section: workbench.Measures) -> list:
    options = [{"label": "A new measure", "value": NEW}] + [
        {"label": f"{r['code']} – {r['title']}" + (" (retired)" if _value(r, "retired_on") else ""),
         "value": r["code"]} for r in section.catalogue.to_dict("records")]
    m = section.chosen
    picker = _select(ids.WORKBENCH_MEASURE, "Measure", options, m["code"] if m else NEW)
    services = [{"label": f"{r['directorate']} – {r['name']}", "value": r["slug"]}
                for r in section.services.to_dict("records")]
    priorities = [{"label": "None", "value": ""}] + [{"label": r["name"], "value": r["name"]}
                                                      for r in section.priorities.to_dict("records")]

    def choice(name, label):
        return _select(F[name], label, [{"label": c, "value": c} for c in CHOICES[name]],
                       _value(m, name) or CHOICES[name][0])
    form = _card("Edit the definition" if m else "Define a new measure",
                 dbc.Row([dbc.Col(_input(F["code"], "Code", _value(m, "code"), disabled=bool(m), maxLength=40), sm=4),
                          dbc.Col(_input(F["title"], "Title", _value(m, "title"), maxLength=300), sm=8)]),
                 html.Div([_label("Description", F["description"]),
                           dbc.Textarea(id=F["description"], value=_value(m, "description"), rows=2)],
                          className="mb-2"),
                 dbc.Row([dbc.Col(_select(F["service"], "Service", services, _value(m, "service_slug") or
                                          (services[0]["value"] if services else None)), sm=6),
                          dbc.Col(_select(F["priority"], "Council priority", priorities, _value(m, "priority")), sm=6)]),
                 dbc.Row([dbc.Col(_input(F["owner"], "Owner", _value(m, "owner")), sm=6),
                          dbc.Col(_input(F["unit"], "Unit", _value(m, "unit"), placeholder="%, £, days"), sm=3),
                          dbc.Col(_input(F["decimals"], "Decimals", _value(m, "decimals")), sm=3)]),
                 dbc.Row([dbc.Col(choice("polarity", "Polarity"), sm=3), dbc.Col(choice("frequency", "Frequency"), sm=3),
                          dbc.Col(choice("kind", "Kind"), sm=3), dbc.Col(choice("rollup", "Roll-up"), sm=3)]),
                 dbc.Row([dbc.Col(_input(F["tolerance"], "Tolerance", _value(m, "tolerance") if m else "0"), sm=6),
                          dbc.Col(choice("tolerance_type", "Tolerance type"), sm=6)]),
                 _button(ids.WORKBENCH_SAVE_MEASURE, "Save the definition" if m else "Create the measure",
                         bi="bi-save"))
    side = [targets(section), retire(m), definitions(section.definitions)] if m else []
    return [shown_values(ids.WORKBENCH_SHOWN, [ids.WORKBENCH_MEASURE], picker),
            dbc.Row([dbc.Col([picker, form], lg=7), dbc.Col(side, lg=5)])]


def targets(section: workbench.Measures) -> dbc.Card:
    rows = [html.Tr([html.Td(label), html.Td(f"{value:g}")]) for label, value in section.targets]
    return _card("Targets",
                 html.P("A year (2026/27), quarter (2026/27 Q3) or month (2026-10), as the measure is reported. "
                        "Tolerances are part of the definition.", className="small"),
                 dbc.Row([dbc.Col(_input(ids.WORKBENCH_TARGET_PERIOD, "Period"), sm=6),
                          dbc.Col(_input(ids.WORKBENCH_TARGET_VALUE, "Target"), sm=6)]),
                 _button(ids.WORKBENCH_SET_TARGET, "Set the target", bi="bi-bullseye"),
                 _table(("Period", "Target"), rows, "Targets", className="mt-3") if rows else html.P("No targets yet.",
                                                                                          className="mt-2"))


def retire(m) -> dbc.Card:
    retired = _value(m, "retired_on")
    state = (f"Retired from {retired:%-d %b %Y}: its figures and history are kept." if retired else
             "In use. Retiring keeps its figures and history; it is no longer chased for returns.")
    return _card("Retire", html.P([icon("bi-archive" if retired else "bi-check2-circle"), state]),
                 _input(ids.WORKBENCH_RETIRE_DAY, "Retired from (empty: in use)",
                        retired.isoformat() if retired else "", type_="date"),
                 _button(ids.WORKBENCH_RETIRE, "Save", color="secondary", bi="bi-archive"))


def definitions(history) -> dbc.Card:
    if history is None or history.empty:
        return _card("Changes to the definition", html.P("No changes recorded."))
    rows = [html.Tr([html.Td(f"{r['at']:%d %b %Y}"), html.Td(r["old_text"]), html.Td(r["new_text"]),
                     html.Td(r["author"] or "unknown")]) for r in history.to_dict("records")]
    return _card("Changes to the definition", _table(("When", "Was", "Now", "Who"), rows, "Changes to the definition"))


# --- users ---------------------------------------------------------------------------------------------

def users(section: workbench.Users) -> list:
    picker = _select(ids.WORKBENCH_USER, "User", [{"label": "A new user", "value": NEW}] + [
        {"label": u["username"] + ("" if u["active"] else " (deactivated)"), "value": u["username"]}
        for u in section.accounts], section.chosen["username"] if section.chosen else NEW)
    u = section.chosen
    slugs = set(u["services"]) if u else set()
    form = [
        *([] if u else [_input(ids.WORKBENCH_USERNAME, "Username", maxLength=120),
                        _input(ids.WORKBENCH_DISPLAY_NAME, "Name shown in the app", maxLength=200)]),
        _select(ids.WORKBENCH_ROLE, "Role", [{"label": f"{r}: {access.ROLE_HELP[r]}", "value": r}
                                             for r in access.ROLES], u["role"] if u else "member"),
        html.Fieldset([html.Legend("Services an editor may change", className="form-label fw-semibold fs-6"),
                       dbc.Checklist(id=ids.WORKBENCH_SERVICES, value=sorted(slugs),
                                     options=[{"label": r["name"], "value": r["slug"]}
                                              for r in section.services.to_dict("records")])], className="mb-2"),
    ]
    if u:
        buttons = [_button(ids.WORKBENCH_SAVE_USER, "Save role and services", bi="bi-save"),
                   _button(ids.WORKBENCH_RESET_PASSWORD, "Reset the password", color="outline-primary", bi="bi-key"),
                   _button(ids.WORKBENCH_DEACTIVATE, "Deactivate", color="outline-danger", bi="bi-person-x")
                   if u["active"] else
                   _button(ids.WORKBENCH_REACTIVATE, "Reactivate", color="outline-success", bi="bi-person-check")]
    else:
        buttons = [_button(ids.WORKBENCH_CREATE_USER, "Create the user", bi="bi-person-plus"),
                   html.P("A first password is made and shown once, to pass on.", className="small mt-2")]
    rows = [html.Tr([html.Td(a["username"]), html.Td(a["display_name"] or ""), html.Td(a["role"]),
                     html.Td(", ".join(a["services"])),
                     html.Td([icon("bi-person-check"), "Active"] if a["active"] else [icon("bi-person-x"),
                                                                                        "Deactivated"])])
            for a in section.accounts]
    return [shown_values(ids.WORKBENCH_SHOWN, [ids.WORKBENCH_USER], picker),
            dbc.Row([dbc.Col([picker, _card("Edit the user" if u else "Create a user", *form, *buttons)], lg=5),
                     dbc.Col(_card("Users", _table(("Username", "Name", "Role", "Services", "State"), rows, "Users")),
                             lg=7)])]


# --- audit trail --------------------------------------------------------------------------------------

def audit(section: workbench.Audit) -> list:
    f = section.filters
    controls = [
        _input(ids.WORKBENCH_CODE, "Measure code", f["code"], debounce=True),
        _input(ids.WORKBENCH_AUTHOR, "Person", f["author"], debounce=True),
        _input(ids.WORKBENCH_SOURCE, "Source file or form contains", f["source"], debounce=True),
        _input(ids.WORKBENCH_SINCE, "From", f["since"], type_="date"),
        _input(ids.WORKBENCH_UNTIL, "To", f["until"], type_="date"),
    ]
    query = {k: v for k, v in f.items() if v}
    rows = []
    for r in section.changes.to_dict("records"):
        link = (dcc.Link("Restore the earlier value", href="/workbench?" + urlencode(
            {"section": "audit", **query, "change": r["id"]})) if _restorable(r) else "")
        rows.append(html.Tr([html.Td(r["id"]), html.Td(f"{r['at']:%d %b %Y %H:%M}"), html.Td(r["code"] or ""),
                             html.Td(r["period"] or ""), html.Td(WORDS.get(r["field"], r["field"])),
                             html.Td(r["old_text"]), html.Td(r["new_text"]), html.Td(r["author"] or "unknown"),
                             html.Td(r["source"] or ""), html.Td(link)]))
    problem = [message(section.problem, ok=False)] if section.problem else []
    table = _table(("#", "When", "Measure", "Period", "What", "Was", "Now", "Who", "Source", "Restore"), rows,
                   "Changes found", id=ids.WORKBENCH_CHANGES) if rows else html.P("No change matches these filters.")
    return [shown_values(ids.WORKBENCH_SHOWN, [ids.WORKBENCH_CODE, ids.WORKBENCH_AUTHOR, ids.WORKBENCH_SOURCE,
                                               ids.WORKBENCH_SINCE, ids.WORKBENCH_UNTIL], controls),
            dbc.Row([dbc.Col([_card("Find changes", *controls), *restore(section)], lg=3),
                     dbc.Col([*problem, html.P(f"{len(section.changes)} change(s), newest first"
                                               + (" (the latest 500)" if len(section.changes) >= 500 else "") + "."),
                              table], lg=9)])]


def _restorable(r) -> bool:
    return r["field"] in ("value", "target", "state") and bool(r["code"])


def restore(section: workbench.Audit) -> list:
    c = section.chosen
    if not c:
        return [dcc.Store(id=ids.WORKBENCH_CHANGE)]
    if not _restorable(c):
        return [dcc.Store(id=ids.WORKBENCH_CHANGE), message(f"Change {c['id']} is not a value, target or sign-off: "
                                                            "there is nothing to restore.", ok=False)]
    reason = (_input(ids.WORKBENCH_RESTORE_REASON, "Reason (the period is closed: a correction needs one)",
                     maxLength=250) if section.closed else
              _input(ids.WORKBENCH_RESTORE_REASON, "Reason (optional)", maxLength=250))
    return [dcc.Store(id=ids.WORKBENCH_CHANGE, data=c["id"]), _card(
        "Restore", html.P(f"Change {c['id']}: {c['code']} {c['period']} {WORDS.get(c['field'], c['field']).lower()} "
                          f"went from {c['old_text']} to {c['new_text']}. Put back {c['old_text']}?"),
        reason, _button(ids.WORKBENCH_RESTORE, f"Restore {c['old_text']}", color="warning",
                        bi="bi-arrow-counterclockwise"))]


def benchmarks(section) -> list:
    from dashboards.workbench_benchmarks_view import benchmarks as draw   # it builds on the helpers above
    return draw(section)


DRAW = {"publish": publish, "cycle": reporting_cycle, "measures": measures, "users": users, "audit": audit,
        "benchmarks": benchmarks}
