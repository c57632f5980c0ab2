"""Only officers use the workbench: its page, and every one of its callbacks reached by a crafted request (as the
browser sends it, with a valid CSRF token), refuse the anonymous visitor, the public, members and editors, and
change nothing; the same request from an officer does its work."""

from __future__ import annotations

import pytest

from callbacks import workbench as actions
from dashboards import ids
from data.people import access
from tests.security.test_security import _innermost, all_callbacks, signed_in, snapshot

Q2 = "2026/27 Q2"
NOBODY_BUT_OFFICERS = [None, "pat", "mina", "eddie"]
WORKBENCH_CALLBACKS = sorted(name for name in dir(actions) if callable(getattr(actions, name))
                             and getattr(getattr(actions, name), "__module__", "") == actions.__name__
                             and getattr(getattr(actions, name), "_required_role", None))


def key_of(function_name: str) -> str:
    return next(k for k, e in all_callbacks().items()
                if e.get("callback") and _innermost(e["callback"]).__name__ == function_name
                and _innermost(e["callback"]).__module__ == actions.__name__)


def test_every_workbench_callback_is_for_officers():
    assert len(WORKBENCH_CALLBACKS) >= 15
    for name in WORKBENCH_CALLBACKS:
        assert getattr(actions, name)._required_role == "officer", name
        key_of(name)   # registered with the app


@pytest.mark.parametrize("who", NOBODY_BUT_OFFICERS)
def test_the_page_is_not_drawn_for_others(council, who):
    body = signed_in(who).page("/workbench", "?section=users").get_data(as_text=True)
    assert "Not allowed" in body or "Please sign in" in body
    assert "olga" not in body and ids.WORKBENCH_BODY not in body


def test_the_nav_entry_is_for_officers_only(council):
    from dashboards.navbar import nav_pages
    from data.people.access import Viewer
    assert "Workbench" in [p["name"] for p in nav_pages(Viewer(role="officer", username="o"))]
    for role in ("public", "member", "editor"):
        assert "Workbench" not in [p["name"] for p in nav_pages(Viewer(role=role, username="x"))]


@pytest.mark.parametrize("name", WORKBENCH_CALLBACKS)
@pytest.mark.parametrize("who", NOBODY_BUT_OFFICERS)
def test_crafted_requests_are_refused_and_change_nothing(council, name, who):
    visitor = signed_in(who)
    before = snapshot(council)
    response = visitor.callback(key_of(name), {(ids.WORKBENCH_PERIOD, "value"): Q2,
                                                      (ids.WORKBENCH_QUARTER, "value"): Q2,
                                                      (ids.WORKBENCH_USER, "value"): "olga"})
    assert response.status_code in (401, 403)
    assert snapshot(council) == before


def test_the_same_crafted_request_from_an_officer_does_its_work(council):
    olga = signed_in("olga")
    before = snapshot(council)
    response = olga.callback(key_of("withdraw_period"), {(ids.WORKBENCH_UNPUBLISH, "n_clicks"): 1,
                                                        (ids.WORKBENCH_PERIOD, "value"): Q2,
                                                        (ids.PAGE_LOCATION, "search"): "?section=publish"})
    assert response.status_code == 200 and "Withdrew 1 quarter" in response.get_data(as_text=True)
    assert snapshot(council) != before
    with council.connect() as conn:
        assert Q2 not in {p.label for p in access.published_quarters(conn)}
        assert access.publications(conn)[0]["period"] != Q2
    events = [e for e in _trail(council) if e[0] == "publication" and e[1] == Q2]
    assert events[-1][2] == "olga"


def test_an_officers_request_without_the_csrf_token_is_refused(council):
    olga = signed_in("olga")
    before = snapshot(council)
    response = olga.callback(key_of("withdraw_period"), {(ids.WORKBENCH_PERIOD, "value"): Q2}, token=None)
    assert response.status_code == 403 and snapshot(council) == before


def _trail(engine):
    from sqlalchemy import select
    from data.core.models import AuditEvent
    with engine.connect() as conn:
        return conn.execute(select(AuditEvent.field, AuditEvent.period, AuditEvent.author)
                            .order_by(AuditEvent.id)).all()
