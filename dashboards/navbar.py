"""The header: the brand, a link to each page in Dash's page registry that the viewer's role may open (the page's
`nav` and `required_role` keywords each page registers with), the directorates menu, meeting mode, sign in or out."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from dashboards.components import icon
from data.core import settings
from data.people.access import PUBLIC, RANK

DIRECTORATE_TEMPLATE = "/directorate/<slug>"


def nav_pages(viewer) -> list[dict]:
    """Registered pages with `nav=True`, in `order`, that the viewer's role may open (the guard checks again)."""
    viewer = viewer or PUBLIC

    def may_open(page):
        role = page.get("required_role") or "public"
        return role not in RANK or viewer.at_least(role)   # "anyone" (the sign-in page) is not a rank
    pages = [p for p in dash.page_registry.values() if p.get("nav")]
    return sorted((p for p in pages if may_open(p)), key=lambda p: p.get("order") or 0)


def account_item(viewer=None, csrf: str = "") -> dbc.NavItem:
    """"Sign in" (the /login page) for a visitor; for someone signed in, "Sign out (name)": a plain POST form to
    /auth/sign-out carrying the session's CSRF token, as on the sign-in page."""
    if viewer is None or not viewer.signed_in:
        return dbc.NavItem(dbc.NavLink([icon("bi-box-arrow-in-right"), "Sign in"], href="/login",
                                       id=ids.SHELL_SIGN_IN, external_link=True))
    name = viewer.display_name or viewer.username
    return dbc.NavItem(html.Form([
        dcc.Input(type="hidden", name="csrf_token", value=csrf),
        html.Button([icon("bi-box-arrow-right"), f"Sign out ({name})"], type="submit", id=ids.SHELL_SIGN_OUT,
                    className="btn btn-link nav-link"),
    ], action="/auth/sign-out", method="POST", className="d-inline"))


def _page_item(page: dict, directorates) -> dbc.NavItem | dbc.DropdownMenu:
    if page.get("path_template") == DIRECTORATE_TEMPLATE:
        return dbc.DropdownMenu([dbc.DropdownMenuItem(d["name"], href=f"/directorate/{d['slug']}")
                                 for d in directorates], label=page.get("nav_label") or page["name"], nav=True,
                                in_navbar=True, id=ids.SHELL_DIRECTORATES_MENU)
    return dbc.NavItem(dbc.NavLink(page.get("nav_label") or page["name"], href=page["path"]))


def grouped_items(pages: list[dict], directorates) -> list:
    """One item per page, except that pages registered with the same `nav_group` share a menu named after it
    (placed where its first page comes), so the header stays on one line at 1280 px; a group the viewer can open only
    one page of is a plain link."""
    groups: dict[str, list[dict]] = {}
    for page in pages:
        if page.get("nav_group"):
            groups.setdefault(page["nav_group"], []).append(page)
    items, placed = [], set()
    for page in pages:
        group = page.get("nav_group")
        if not group or len(groups[group]) == 1:
            items.append(_page_item(page, directorates))
        elif group not in placed:
            placed.add(group)
            items.append(dbc.DropdownMenu([dbc.DropdownMenuItem(p.get("nav_label") or p["name"], href=p["path"])
                                           for p in groups[group]], label=group, nav=True, in_navbar=True,
                                          id=f"nav-{group.lower().replace(' ', '-')}"))
    return items


def meeting_controls(directorates) -> list:
    """The toggle, the hint with "Leave meeting mode", and the previous/next links the arrow keys follow; their
    hrefs are set in the browser from the stops (the overview, then each directorate)."""
    stops = ["/"] + [f"/directorate/{d['slug']}" for d in directorates]
    return [
        html.Div(id=ids.SHELL_STOPS, hidden=True, **{"data-stops": ",".join(stops)}),
        html.Div(["Meeting mode: press ", html.Kbd("←"), " or ", html.Kbd("→"), " to move between pages (",
                  dcc.Link("previous", href="/", id=ids.SHELL_MEETING_PREVIOUS), ", ",
                  dcc.Link("next", href="/", id=ids.SHELL_MEETING_NEXT), "). ",
                  html.Button("Leave meeting mode", type="button", id=ids.SHELL_MEETING_LEAVE,
                              className="btn btn-link p-0 align-baseline")], className="meeting-only meeting-hint"),
    ]


def navbar(directorates=(), viewer=None, csrf: str = "") -> html.Header:
    """`directorates` is [{"slug", "name"}]; `viewer` (data.people.access.Viewer) decides which pages are linked and
    between "Sign in" and "Sign out (name)"; `csrf` is the session's token."""
    toggle = html.Button([icon("bi-easel"), "Meeting mode"], id=ids.SHELL_MEETING_TOGGLE, type="button",
                         className="btn btn-outline-light btn-sm ms-lg-3", **{"aria-pressed": "false"})
    items = grouped_items(nav_pages(viewer), directorates)
    return html.Header([
        dbc.NavbarSimple([*items, dbc.NavItem(toggle), account_item(viewer, csrf)],
                         brand=settings.get("COUNCIL_NAME") + " performance", brand_href="/", color="dark",
                         dark=True, fluid=True, className="meeting-hide-soft"),
        *meeting_controls(directorates),
    ])
