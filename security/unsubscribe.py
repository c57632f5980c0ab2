"""One-click unsubscribe from e-mail links (RFC 8058): `/notifications/unsubscribe?t=<signed token>`.

The signed token is the credential (no sign-in, no CSRF token: mail clients post `List-Unsubscribe=One-Click`
without either). GET shows a confirmation button and changes nothing, so a link scanner cannot unsubscribe anyone;
POST turns that one kind of e-mail off for that one person.
"""

from __future__ import annotations

import html

from flask import Blueprint, Response, current_app, request
from sqlalchemy.orm import Session

from data.core import db, settings
from data.core.models import User
from data.notify import outbox, tokens
from data.notify.kinds import BY_KEY, NEVER
from security.roles import ANYONE, requires

PATH = "/notifications/unsubscribe"
blueprint = Blueprint("unsubscribe", __name__)


def _page(title: str, body: str, status: int = 200) -> Response:
    council = html.escape(settings.get("COUNCIL_NAME"))
    doc = (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
           f"content=\"width=device-width, initial-scale=1\"><title>{html.escape(title)} - {council}</title>"
           "<link rel=\"stylesheet\" href=\"/assets/01-bootstrap.min.css\"></head><body><main id=\"main-content\" "
           f"class=\"container py-4\"><h1 class=\"h3\">{html.escape(title)}</h1>{body}</main></body></html>")
    return Response(doc, status=status, mimetype="text/html")


def _read() -> tuple[int, str] | None:
    return tokens.read(current_app.secret_key, request.values.get("t", ""))


@blueprint.route(PATH, methods=["GET", "POST"])
@requires(ANYONE)
def unsubscribe():
    found = _read()
    if found is None:
        return _page("Link not recognised", "<p>This unsubscribe link is not valid. Sign in and open "
                     "<a href=\"/notifications\">Notifications</a> to change what you receive.</p>", 400)
    user_id, kind = found
    label = html.escape(BY_KEY[kind].label)
    if request.method == "GET":
        token = html.escape(request.values.get("t", ""))
        return _page("Stop these e-mails?", f"<p>Stop e-mails about: <strong>{label}</strong>.</p>"
                     f"<form method=\"post\" action=\"{PATH}\"><input type=\"hidden\" name=\"t\" value=\"{token}\">"
                     "<button class=\"btn btn-primary\" type=\"submit\">Stop these e-mails</button></form>")
    with Session(db.engine()) as s, s.begin():
        if s.get(User, user_id) is None:
            return _page("Link not recognised", "<p>This account no longer exists.</p>", 400)
        outbox.set_preference(s, user_id, kind, NEVER)
    return _page("You will not get these e-mails", f"<p>You will no longer get e-mails about: <strong>{label}"
                 "</strong>. You can turn them back on in <a href=\"/notifications\">Notifications</a>.</p>")


def init_app(server) -> None:
    server.register_blueprint(blueprint)
