"""Role requirements as data on callbacks and views: `@requires("editor")`, read by the request guard."""

from __future__ import annotations

from data.people.access import RANK

ANYONE = "anyone"       # even without sign-in when public mode is off (the sign-in page and form)
DEFAULT = "public"      # a callback or page without a marker: anyone public mode lets in
_ATTR = "_required_role"
_SERVICE_INPUTS = "_service_inputs"


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


def own_services(*component_ids: str):
    """Mark a callback whose inputs or state name a service (by its slug) in these components: the request guard
    refuses the request (403) before the callback runs unless the viewer may edit that service (officers: any;
    editors: their own). So a crafted request naming another service reads nothing of it."""
    def mark(func):
        setattr(func, _SERVICE_INPUTS, tuple(component_ids))
        return func
    return mark


def service_inputs(func) -> tuple[str, ...]:
    """The component ids marked with `own_services` on a function or on any function it wraps."""
    seen = set()
    while func is not None and id(func) not in seen:
        seen.add(id(func))
        marked = getattr(func, _SERVICE_INPUTS, None)
        if marked is not None:
            return marked
        func = getattr(func, "__wrapped__", None)
    return ()
