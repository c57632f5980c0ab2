"""Who is making this request, for the pages and the data layer: a `data.people.access.Viewer`, and the name
that goes into the audit trail. The one place that turns flask-login's `current_user` into the data layer's terms."""

from __future__ import annotations

from flask import g, has_request_context
from flask_login import current_user

from data.core import db
from data.people import access


def viewer() -> access.Viewer:
    """The viewer of the current request, worked out once per request; `access.PUBLIC` outside a request."""
    if not has_request_context():
        return access.PUBLIC
    if "viewer" not in g:
        if getattr(current_user, "is_authenticated", False):
            g.viewer = access.viewer_of(current_user, show_names=True)
        else:
            with db.connect() as conn:
                names = access.council_setting(conn, "show_officer_names") == "1"
            g.viewer = access.viewer_of(None, show_names=names)
    return g.viewer


def author() -> str | None:
    """The signed-in user's name for the audit trail; None outside a request or when signed out."""
    if not has_request_context():
        return None
    user = current_user
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "username", None) or getattr(user, "display_name", None) or str(user.get_id())
