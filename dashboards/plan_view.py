"""Pure builders for the council plan: progress status as an icon and words, overdue flags, actions with their
milestones and latest note, a priority's objectives with the measures and actions that serve them (the golden
thread), and the form an editor updates progress with."""

from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards import ids
from dashboards.components import icon, scroll_region, status_badge
from data.plan.progress import Progress


def _day(d) -> str:
    if d is None or (not isinstance(d, date) and pd.isna(d)):
        return ""
    return f"{d:%-d %b %Y}"


def progress_badge(status) -> html.Span:
    """`▶ On track`: the status's own icon shape and its words (never colour alone)."""
    p = Progress(status)
    return html.Span([icon(p.icon), p.words], className=f"progress-badge progress-{p.value}")


def overdue_badge() -> html.Span:
    return html.Span([icon("bi-alarm-fill"), "Overdue"], className="action-overdue fw-semibold ms-2")


def action_status(a: dict) -> html.Span:
    return html.Span([progress_badge(a["status"]), *([overdue_badge()] if a.get("overdue") else [])])


def _milestone_items(milestones: list[dict]) -> html.Ul | None:
    if not milestones:
        return None
    items = []
    for m in milestones:
        if m["completed_on"] is not None:
            state = [icon("bi-check-square"), f"done {_day(m['completed_on'])}"]
        elif m["overdue"]:
            state = [icon("bi-alarm-fill"), f"overdue: due {_day(m['due_date'])}"]
        else:
            state = [icon("bi-square"), f"due {_day(m['due_date'])}"]
        items.append(html.Li([m["title"], " (", html.Span(state), ")"]))
    return html.Ul(items, className="small mb-0 milestones", **{"aria-label": "Milestones"})


def actions_table(actions: pd.DataFrame, milestones: dict | None = None, caption: str = "Actions") -> html.Div:
    """One row per action: code and title (with milestones and latest note), directorate and service, owner,
    start and due dates, percent complete, progress status."""
    if actions.empty:
        return html.P("No actions match.", className="text-body-secondary")
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in
                               ("Action", "Service", "Owner", "Start", "Due", "Complete", "Progress")]))
    rows = []
    for a in actions.to_dict("records"):
        note = ([html.P([html.Span(f"{a['note_period']}: ", className="fw-semibold"), a["note"]],
                        className="small mb-1 action-note")] if a.get("note") else [])
        title = [html.Span(a["code"], className="measure-code me-2"), a["title"], *note,
                 _milestone_items((milestones or {}).get(int(a["id"]), []))]
        rows.append(html.Tr([html.Td(title), html.Td(a.get("service") or a.get("directorate")),
                             html.Td(a.get("owner") or ""), html.Td(_day(a.get("start_date"))),
                             html.Td(_day(a.get("due_date"))), html.Td(f"{int(a['percent'])}%"),
                             html.Td(action_status(a))], className="plan-action"))
    return scroll_region(dbc.Table([html.Caption(caption, className="visually-hidden"), head, html.Tbody(rows)],
                                   size="sm", className="mb-0 plan-actions"), caption)


def status_links(links: dict[str, str], counts: dict[str, int]) -> html.Ul:
    """Each progress status with its count, linking to those actions."""
    return html.Ul([html.Li(dcc.Link([progress_badge(p.value), f": {counts.get(p.value, 0)}"], href=links[p.value]),
                            className="list-inline-item me-3") for p in Progress],
                   className="list-inline mb-2 status-links", **{"aria-label": "Actions by progress status"})


def _measures_list(codes: list[str], status: dict[str, dict], period_query: str = "") -> html.Ul | html.P:
    if not codes:
        return html.P("No measures linked yet.", className="small text-body-secondary mb-1")
    items = []
    for code in codes:
        found = status.get(code)
        items.append(html.Li([dcc.Link(code, href=f"/measure/{code}{period_query}", className="me-1"),
                              found["title"] if found else "", " ",
                              status_badge(found["status"]) if found else ""]))
    return html.Ul(items, className="small mb-2 objective-measures", **{"aria-label": "Measures"})


def priority_section(priority: dict, milestones: dict, status: dict, show_risks: bool) -> html.Section:
    """A council priority: its objectives, each with its measures (and status), its actions and, for members,
    the risks that threaten it."""
    blocks = []
    for t in priority["objectives"]:
        o = t.objective
        risks = ([html.P(["Risks: ", *[dcc.Link(r, href=f"/risks#{r}", className="me-2") for r in t.risks]],
                         className="small mb-1")] if show_risks and t.risks else [])
        blocks.append(html.Article([
            html.H3([html.Span(o["code"], className="measure-code me-2"), o["title"]], className="h6 mt-3"),
            html.P("Measures showing progress:", className="small fw-semibold mb-0"),
            _measures_list(t.measures, status), *risks,
            actions_table(t.actions, milestones, f"Actions for {o['title']}")], className="objective"))
    return html.Section([html.H2(priority["name"], className="h4 mt-4"),
                         html.P(priority["sentence"], className="priority-counts"), *blocks],
                        className="priority", id=f"priority-{priority['slug']}",
                        **{"aria-label": priority["name"]})


def edit_form(editable: list[dict]) -> dbc.Card | None:
    """Progress for the actions the viewer may change: status, percent complete and a note for the quarter."""
    if not editable:
        return None
    return dbc.Card([dbc.CardHeader(html.H2("Update progress", className="h5 mb-0")), dbc.CardBody([
        html.Label("Action", htmlFor=ids.PLAN_EDIT_ACTION, className="form-label fw-semibold"),
        dbc.Select(id=ids.PLAN_EDIT_ACTION, options=[{"label": f"{a['code']} {a['title']}", "value": a["code"]}
                                                     for a in editable], value=editable[0]["code"]),
        html.Label("Progress status", htmlFor=ids.PLAN_EDIT_STATUS, className="form-label fw-semibold mt-2"),
        dbc.Select(id=ids.PLAN_EDIT_STATUS, options=[{"label": p.words, "value": p.value} for p in Progress],
                   value=Progress.ON_TRACK.value),
        html.Label("Percent complete", htmlFor=ids.PLAN_EDIT_PERCENT, className="form-label fw-semibold mt-2"),
        dbc.Input(id=ids.PLAN_EDIT_PERCENT, type="number", min=0, max=100, step=1, value=0),
        html.Label("Progress note for the quarter", htmlFor=ids.PLAN_EDIT_NOTE,
                   className="form-label fw-semibold mt-2"),
        dbc.Textarea(id=ids.PLAN_EDIT_NOTE, rows=3),
        html.Button("Save progress", id=ids.PLAN_EDIT_SAVE, type="button", className="btn btn-primary mt-2"),
        html.Div(id=ids.PLAN_EDIT_MESSAGE, className="mt-2", **{"aria-live": "polite"}),
    ])], className="mb-3 meeting-hide plan-edit")


def edit_message(text: str, ok: bool, href: str | None = None) -> html.Div:
    more = [" ", dcc.Link("Show the page again", href=href)] if ok and href else []
    return html.Div([icon("bi-check-circle-fill" if ok else "bi-exclamation-triangle-fill"), text, *more],
                    className=f"alert alert-{'success' if ok else 'warning'} py-2 mb-0", role="status")


def supports(objectives: list[dict]) -> html.Div:
    """The objectives and priorities a measure shows progress towards, each linking to the plan."""
    if not objectives:
        return html.P("This measure is not linked to an objective of the council plan.",
                      className="text-body-secondary mb-0")
    return html.Ul([html.Li([dcc.Link(o["priority"], href=f"/plan?priority={o['priority_slug']}"), ": ",
                             html.Span(o["code"], className="measure-code me-1"), o["title"]])
                    for o in objectives], className="mb-0", **{"aria-label": "Objectives this measure supports"})


def _plan_words(p: dict) -> str:
    opened = f"Opened {_day(p['opened_on'])}" + (f" by {p['opened_by']}" if p.get("opened_by") else "")
    opened += f" after {p['period']}" if p.get("period") else ""
    if p["closed_on"] is not None and not pd.isna(p["closed_on"]):
        return f"{opened}; closed {_day(p['closed_on'])}: {p['closing_note'] or ''}"
    return f"{opened}; open."


def intervention_forms(mp) -> list:
    """Open a plan (a measure below target) or close it with a note (back on target), for those who may."""
    forms = []
    if mp.may_open:
        forms.append(html.Div([
            html.H3("Open an intervention plan", className="h6 mt-3"),
            html.Label("First action", htmlFor=ids.MEASURE_PLAN_TITLE, className="form-label"),
            dbc.Input(id=ids.MEASURE_PLAN_TITLE, type="text", maxLength=300),
            html.Label("Due date", htmlFor=ids.MEASURE_PLAN_DUE, className="form-label mt-2"),
            dbc.Input(id=ids.MEASURE_PLAN_DUE, type="date"),
            html.Button("Open the plan", id=ids.MEASURE_PLAN_OPEN, type="button", className="btn btn-primary mt-2"),
            html.Div(id=ids.MEASURE_PLAN_MESSAGE, className="mt-2", **{"aria-live": "polite"})],
            className="meeting-hide"))
    if mp.may_close:
        forms.append(html.Div([
            html.H3("Close the intervention plan", className="h6 mt-3"),
            html.P("The measure is back on target.", className="small mb-1"),
            dcc.Store(id=ids.MEASURE_PLAN_ID, data=int(mp.open_plan["id"])),
            html.Label("Closing note", htmlFor=ids.MEASURE_PLAN_NOTE, className="form-label"),
            dbc.Textarea(id=ids.MEASURE_PLAN_NOTE, rows=2),
            html.Button("Close the plan", id=ids.MEASURE_PLAN_CLOSE, type="button",
                        className="btn btn-outline-primary mt-2"),
            html.Div(id=ids.MEASURE_PLAN_CLOSE_MESSAGE, className="mt-2", **{"aria-live": "polite"})],
            className="meeting-hide"))
    return forms


def intervention_summary(mp) -> list:
    """The measure's intervention plans in words, newest first."""
    if mp.plans is None or mp.plans.empty:
        return [html.P("No intervention plan.", className="text-body-secondary mb-2")]
    return [html.Ul([html.Li(_plan_words(p)) for p in mp.plans.to_dict("records")], className="small mb-2",
                    **{"aria-label": "Intervention plans"})]
