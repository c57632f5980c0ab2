"""Monthly data entry (`/entry`, heads of service): a form per service and month, then sign-off."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboards import ids
from dashboards.components import page_main, page_title
from dashboards.entry_view import entry_grid
from dashboards.skeleton import with_skeleton
from data.core import db, loaders
from data.people import access
from data.people import entry
from security import identity

dash.register_page(__name__, path="/entry", name="Data entry", title=page_title("Data entry"), required_role="editor", nav=True,
                   order=3)


def _editable(service_ids) -> list[int]:
    """The services the viewer may enter figures for."""
    return access.editable_services(identity.viewer(), service_ids)


def skeleton():
    return page(loaders.SERVICE_FRAME, None, None)


@with_skeleton(skeleton)
def layout(service=None, month=None, **_query):
    with db.connect() as conn:
        services = loaders.services(conn)
    return page(services[services["id"].isin(_editable(services["id"]))], service, month)


def page(services, service, month):
    months = entry.entry_months()
    service_options = [{"label": name, "value": slug} for slug, name in zip(services["slug"], services["name"])]
    month_options = [{"label": entry.month_label(m), "value": m.label} for m in months]
    chosen_service = service if service in set(services["slug"]) else (service_options[0]["value"]
                                                                      if service_options else None)
    chosen_month = month if month in {m.label for m in months} else months[1].label   # last month by default
    pickers = dbc.Row([
        dbc.Col([html.Label("Service", htmlFor=ids.ENTRY_SERVICE, className="form-label fw-semibold"),
                 dbc.Select(id=ids.ENTRY_SERVICE, options=service_options, value=chosen_service)], md=6),
        dbc.Col([html.Label("Month", htmlFor=ids.ENTRY_MONTH, className="form-label fw-semibold"),
                 dbc.Select(id=ids.ENTRY_MONTH, options=month_options, value=chosen_month)], md=4),
    ], className="mb-3")
    buttons = html.Div([
        dbc.Button("Save as draft", id=ids.ENTRY_SAVE, color="primary", className="me-2"),
        dbc.Button("Submit for approval", id=ids.ENTRY_SUBMIT, color="secondary", className="me-2"),
        dbc.Button("Approve", id=ids.ENTRY_APPROVE, color="success", outline=True, className="me-2"),
        dbc.Button("Reopen", id=ids.ENTRY_REOPEN, color="link"),
    ], className="mt-3")
    return page_main([
        html.H1("Monthly data entry"),
        html.P("Enter each measure's figure and commentary for the month. Saved figures are drafts: they are not "
               "published until submitted and approved by the performance team. Type n/a, tbc or - where a "
               "figure is not available."),
        pickers,
        html.P("No service is assigned to you for data entry; ask the performance team.", className="text-danger")
        if not service_options else None,
        html.P("Click a Value or Commentary cell to type; a figure outside its usual range is flagged in the Check "
               "column before you save.", className="small text-muted"),
        html.Div(entry_grid(ids.ENTRY_GRID), id=ids.ENTRY_FORM),
        buttons,
        html.Div(id=ids.ENTRY_MESSAGE, className="mt-3", **{"aria-live": "polite"}),
    ], "entry-page")
