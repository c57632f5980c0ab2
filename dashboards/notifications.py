"""`/notifications`: what e-mails a signed-in person gets (alerts, reminders, digests), and for the performance
team the record of what was sent."""

import json

import dash
import dash_bootstrap_components as dbc
from dash import html
from sqlalchemy.orm import Session

from dashboards import ids
from dashboards.components import page_main, page_title
from dashboards.skeleton import with_skeleton
from data.core import db
from data.notify import mail, outbox
from data.notify.kinds import DELIVERY_WORDS
from security import identity

dash.register_page(__name__, path="/notifications", name="Notifications", title=page_title("Notifications"),
                   required_role="member", nav=True, order=8, nav_group="Manage")

STATUS_WORDS = {"sent": "Sent", "pending": "Waiting to send", "sending": "Sending", "failed": "Failed",
                "in_digest": "In a digest", "not_sent": "Not sent"}


def skeleton():
    return page_main([html.Button(id=ids.NOTIFY_SAVE), html.Div(id=ids.NOTIFY_MESSAGE)])


def preference_control(kind, chosen):
    control_id = {"type": ids.NOTIFY_CHOICE, "kind": kind.key}
    dom_id = json.dumps(control_id, sort_keys=True, separators=(",", ":"))   # as Dash writes a dict id
    return dbc.Row([
        dbc.Col(dbc.Label(kind.label, html_for=dom_id, className="mb-1"), md=7),
        dbc.Col(dbc.Select(id=control_id, options=[{"label": DELIVERY_WORDS[c], "value": c} for c in kind.choices],
                           value=chosen), md=5),
    ], className="mb-2 align-items-center")


def log_table(rows: list[dict]):
    if not rows:
        return html.P("Nothing has been sent yet.")
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in ("When", "To", "What", "Subject", "Delivery")]))
    body = html.Tbody([html.Tr([html.Td(f"{r['when']:%d %b %Y %H:%M}"), html.Td(r["who"]), html.Td(r["kind"]),
                                html.Td(r["subject"]),
                                html.Td(STATUS_WORDS.get(r["status"], r["status"])
                                        + (f" ({r['error']})" if r["error"] and r["status"] != "sent" else ""))])
                       for r in rows])
    return html.Div(dbc.Table([html.Caption("The latest notifications, newest first"), head, body], size="sm",
                              className="mb-0"), className="table-responsive", role="region", tabIndex=0,
                    **{"aria-label": "Notifications sent"})


@with_skeleton(skeleton)
def layout(**_query):
    viewer = identity.viewer()
    configured = mail.Config.from_settings().configured
    with Session(db.engine()) as s:
        user, choices = outbox.choices_for(s, viewer.username or "")
        log = outbox.log(s, 50) if viewer.at_least("officer") else []
    if user is None:
        return page_main([html.H1("Notifications"),
                          html.P("Sign in with an account to choose your notifications.")])
    where = (html.P(["E-mails go to ", html.Strong(user.email), "."]) if user.email else
             dbc.Alert("You have no e-mail address, so nothing is sent to you. Ask the performance team to add "
                       "one.", color="warning"))
    return page_main([
        html.H1("Notifications"),
        html.P("Choose which e-mails you get: at once, gathered in your digest, or never."),
        where,
        None if configured else dbc.Alert(
            "E-mail is not set up on this server (no mail server is configured), so nothing is sent. Your choices "
            "are kept for when it is.", color="info", className="notify-unconfigured"),
        html.Div([preference_control(kind, chosen) for kind, chosen in choices]
                  + [dbc.Button("Save my choices", id=ids.NOTIFY_SAVE, color="primary", className="mt-2")],
                  className="notify-form mb-2", style={"maxWidth": "48rem"}),
        html.Div(id=ids.NOTIFY_MESSAGE, role="status", **{"aria-live": "polite"}),
        *([html.H2("Sent and waiting", className="h5 mt-4"), log_table(log)] if viewer.at_least("officer") else []),
    ], "notifications-page")
