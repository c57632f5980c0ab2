"""The council plan: `/plan?priority=homes&directorate=resources&status=at_risk&overdue=1`. Each council priority
with its objectives, the measures and actions that serve them, counts in the reports' words, and, for editors,
the progress form. Drawn whole from the URL's query."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from dashboards.components import (empty_message, filters_bar, named_options, page_main, page_title, select_filter,
                                   shown_values)
from dashboards.plan_view import actions_table, edit_form, priority_section, status_links
from dashboards.skeleton import with_skeleton
from data.core import db
from data.plan.progress import Progress
from data.reporting import plan
from security import identity

dash.register_page(__name__, path="/plan", name="Council plan", title=page_title("Council plan"), nav=True,
                   order=1.5, nav_group="Plan and risks")


def skeleton():
    return page_main([html.Div([dbc.Select(id=i) for i in ids.PLAN_FILTERS]), dcc.Store(id=ids.PLAN_SHOWN),
                      html.P(id=ids.PLAN_COUNTS), html.Div(id=ids.PLAN_BODY),
                      dbc.Select(id=ids.PLAN_EDIT_ACTION), dbc.Select(id=ids.PLAN_EDIT_STATUS),
                      dbc.Input(id=ids.PLAN_EDIT_PERCENT), dbc.Textarea(id=ids.PLAN_EDIT_NOTE),
                      html.Button(id=ids.PLAN_EDIT_SAVE), html.Div(id=ids.PLAN_EDIT_MESSAGE)])


@with_skeleton(skeleton)
def layout(**query):
    viewer = identity.viewer()
    filters = plan.PlanFilters.of(**query)
    with db.connect() as conn:
        page = plan.plan_page(conn, filters, viewer)
    controls = filters_bar(
        select_filter(ids.PLAN_PRIORITY, "Priority", named_options(page.names["priority"]), filters.priority,
                      "All priorities"),
        select_filter(ids.PLAN_DIRECTORATE, "Directorate", named_options(page.names["directorate"]),
                      filters.directorate, "All directorates"),
        select_filter(ids.PLAN_STATUS, "Progress", [{"label": p.words, "value": p.value} for p in Progress],
                      filters.status, "Any progress"),
        select_filter(ids.PLAN_OVERDUE, "Overdue", [{"label": "Overdue only", "value": "1"}], filters.overdue,
                      "Overdue or not"),
    )
    filtered = bool(filters.status or filters.directorate or filters.overdue)
    if page.actions.empty and filtered:
        body = [empty_message("actions", page.described, "/plan" + filters.with_(
            status="", directorate="", overdue="").to_search())]
    elif filtered:   # a filtered list reads better flat, with the objective each serves
        body = [actions_table(page.actions, page.milestones, "Actions matching the filters")]
    else:
        body = [priority_section(p, page.milestones, page.measure_status, viewer.sees_internal)
                for p in page.priorities]
    intro = ("Progress against the council plan's actions, by council priority and objective, with the measures "
             "that show progress. Overdue means past the due date and not completed, as of "
             f"{page.today:%-d %B %Y}.")
    public_note = ([] if viewer.sees_internal else
                   [html.P("Progress is shown as reported for the quarters the council has published.",
                           className="small text-body-secondary")])
    form = edit_form(page.editable)
    return page_main([
        html.H1("Council plan"), html.P(intro), *public_note,
        controls, shown_values(ids.PLAN_SHOWN, ids.PLAN_FILTERS, controls),
        html.P(page.sentence, id=ids.PLAN_COUNTS, className="lead headline", **{"aria-live": "polite"}),
        *([html.P(f"The whole plan: {page.whole}", className="small")] if filtered or filters.priority else []),
        status_links(page.links, page.counts),
        dbc.Row([dbc.Col(html.Div(body, id=ids.PLAN_BODY), lg=9 if form else 12),
                 *([dbc.Col(form, lg=3)] if form else [])]),
    ], "plan-page")
