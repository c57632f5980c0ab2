"""Role requirements as data on callbacks and views: `@requires("editor")`, read by the request guard."""

from __future__ import annotations

from data.people.access import RANK

ANYONE = "anyone"       # even without sign-in when public mode is off (the sign-in page and form)
DEFAULT = "public"      # a callback or page without a marker: anyone public mode lets in
_ATTR = "_required_role"


def requires(role: str):
    """Mark a callback (above or below `@callback`) or a Flask view as needing at least `role`."""
    if role != ANYONE and role not in RANK:
        raise ValueError(f"unknown role {role!r}")

    def mark(func):
        setattr(func, _ATTR, role)
        return func
    return mark


def required_role(func) -> str | None:
    """The marked role of a function or of any function it wraps; None when unmarked."""
    seen = set()
    while func is not None and id(func) not in seen:
        seen.add(id(func))
        role = getattr(func, _ATTR, None)
        if role is not None:
            return role
        func = getattr(func, "__wrapped__", None)
    return None


def rank_needed(role: str) -> int:
    return -1 if role == ANYONE else RANK[role]
