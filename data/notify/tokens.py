"""One-click unsubscribe links: `<user id>.<kind>.<signature>`, signed with the app's secret key (no expiry: an
old e-mail's link still works, and it can only ever turn one kind of e-mail off for one person)."""

from __future__ import annotations

import hashlib
import hmac

from data.notify.kinds import BY_KEY


def _signature(secret: str, user_id: int, kind: str) -> str:
    return hmac.new(secret.encode(), f"unsubscribe:{user_id}:{kind}".encode(), hashlib.sha256).hexdigest()[:32]


def make(secret: str, user_id: int, kind: str) -> str:
    return f"{user_id}.{kind}.{_signature(secret, user_id, kind)}"


def read(secret: str, token: str) -> tuple[int, str] | None:
    """(user id, kind) for a genuine token, else None."""
    parts = str(token or "").split(".")
    if len(parts) != 3 or not parts[0].isdigit() or parts[1] not in BY_KEY:
        return None
    user_id, kind, signature = int(parts[0]), parts[1], parts[2]
    return (user_id, kind) if hmac.compare_digest(signature, _signature(secret, user_id, kind)) else None
