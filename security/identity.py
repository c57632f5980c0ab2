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


# A background job (a pack being produced) runs outside the request, in another process or on a Celery worker: the
# page hands it the viewer signed with the server's key, so the job works for exactly who asked and no one can
# claim another role by editing what the browser sends.
VIEWER_SALT = "background-viewer"
VIEWER_MAX_AGE = 12 * 3600


def _serializer():
    import os

    from itsdangerous import URLSafeTimedSerializer

    from security.headers import instance_secret_key
    return URLSafeTimedSerializer(os.environ.get("SECRET_KEY") or instance_secret_key(), salt=VIEWER_SALT)


def signed_viewer(viewer_: access.Viewer | None = None) -> str:
    """The viewer, signed for a background job that runs without the request (and the client's address, which
    counts a signed-out visitor's report packs: security.ratelimit)."""
    from security.auth import client_ip

    v = viewer_ or viewer()
    return _serializer().dumps({"role": v.role, "username": v.username, "display_name": v.display_name,
                                "services": sorted(v.services), "names": v.may_see_names,
                                "address": client_ip() if has_request_context() else None})


def address_of_signed(token: str | None) -> str | None:
    """The client address a page signed with its viewer (None when unsigned, too old or not known)."""
    from itsdangerous import BadSignature

    try:
        return _serializer().loads(token or "", max_age=VIEWER_MAX_AGE).get("address")
    except BadSignature:
        return None


def viewer_of_signed(token: str | None) -> access.Viewer | None:
    """The Viewer a page signed (signed_viewer); None when the signature is wrong or too old."""
    from itsdangerous import BadSignature

    try:
        d = _serializer().loads(token or "", max_age=VIEWER_MAX_AGE)
    except BadSignature:
        return None
    return access.Viewer(role=d["role"], username=d["username"], display_name=d["display_name"],
                         services=frozenset(d["services"]), may_see_names=d["names"])
