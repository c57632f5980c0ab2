"""Issue 14, item 4: the /reports page offers members every period and scope and the public the latest published
quarter's whole-council pack only; the pack is produced by the background job's body and fetched from a route that
checks the same role (and, for an internal pack, the same user); a choice the public may not have is refused."""

from __future__ import annotations

import io

import pytest
from docx import Document

import app  # noqa: F401  registers the pages and callbacks
from callbacks import reports as report_callbacks
from dashboards import ids
from dashboards import reports as reports_page
from data.core import db
from data.people import access
from data.reporting import pack, pack_store
from security import identity
from tests.pages.render import by_id
from tests.people.test_read_scope import MEMBER, as_viewer
from tests.security import test_security
from tests.security.test_security import signed_in

council_file, council = test_security.council_file, test_security.council   # the demo council with one user a role

OLGA = access.Viewer(role="officer", username="olga")


def options(tree, component_id):
    return [o["value"] for o in by_id(tree, component_id).options]


def test_members_choose_every_period_and_scope_the_public_the_latest_published_pack(council):
    with as_viewer(MEMBER):
        member = reports_page.layout(render=1)
    with as_viewer(None):
        public = reports_page.layout(render=1)
    assert len(options(member, ids.REPORTS_PERIOD)) > 20
    assert "directorate:resources" in options(member, ids.REPORTS_SCOPE)
    assert options(public, ids.REPORTS_PERIOD) == ["2026/27 Q2"] and options(public, ids.REPORTS_SCOPE) == ["council"]
    assert options(member, ids.REPORTS_FORMAT) == ["pdf", "docx", "html"]


def test_public_cannot_ask_for_another_period_or_scope(council):
    with db.connect() as conn:
        with pytest.raises(pack.ScopeError, match="not available to you|no pack for"):
            pack.for_page(conn, "2025/26 Q4", "council", access.PUBLIC)
        with pytest.raises(pack.ScopeError, match="no pack for 'directorate:resources'"):
            pack.for_page(conn, "2026/27 Q2", "directorate:resources", access.PUBLIC)


def produced(viewer, scope="directorate:resources", fmt="docx"):
    steps = []
    with as_viewer(viewer):
        children = report_callbacks.produce(steps.append, "2026/27 Q2", scope, fmt, viewer)
    link = next(c for c in children if getattr(c, "href", None))
    return link.href, steps


def test_member_pack_is_downloaded_by_that_member_only(council):
    href, steps = produced(MEMBER)
    assert steps[0] == (5, "Working out the figures") and steps[-1] == (100, "Done")
    assert any(label.startswith("Directorate 1 of 1") for _, label in steps)
    response = signed_in("mina").client.get(href)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith("demo-district-council-performance-2026-27-q2-resources.docx")
    document = Document(io.BytesIO(response.data))
    assert any(p.style.name == "Heading 1" and p.text == "Resources" for p in document.paragraphs)
    assert signed_in(None).client.get(href).status_code == 403
    assert signed_in("olga").client.get(href).status_code == 403     # another user, even an officer
    assert signed_in("mina").client.get("/reports/file/" + "x" * 32).status_code == 404


def test_public_pack_is_for_anyone_and_holds_no_internal_words(council):
    href, _ = produced(access.PUBLIC, scope="council", fmt="html")
    response = signed_in(None).client.get(href)
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.data.decode()
    assert "Service commentary and intervention actions are internal" in page and "Director's commentary" not in page


def test_a_forged_viewer_is_refused(council):
    with as_viewer(MEMBER):
        good = identity.signed_viewer(MEMBER)
        assert identity.viewer_of_signed(good) == MEMBER
        olga = identity.signed_viewer(OLGA).rsplit(".", 2)[0]     # her payload, with mina's time and signature
        forged = olga + "." + ".".join(good.rsplit(".", 2)[1:])
        assert forged != good and forged.rsplit(".", 2)[0] != good.rsplit(".", 2)[0]
        assert identity.viewer_of_signed(forged) is None
        assert identity.viewer_of_signed("") is None


def test_stored_packs_expire(tmp_path):
    token = pack_store.save(b"%PDF-1.7", "pdf", "x.pdf", "public", None)
    assert pack_store.load(token)[1]["bytes"] == 8
    pack_store.prune(now=__import__("time").time() + pack_store.KEEP_HOURS * 3600 + 60)
    assert pack_store.load(token) is None


def test_the_public_pack_is_produced_once_per_change_of_figures(council):
    """Every visitor's public pack is the same until the figures change: one produced is handed out again (and
    costs no slot of the visitor's limit); after a change of data a new one is built."""
    from data.core import version

    first, steps = produced(access.PUBLIC, scope="council", fmt="html")
    assert steps[0] == (5, "Working out the figures")
    again, steps = produced(access.PUBLIC, scope="council", fmt="html")
    assert again == first and steps == [(100, "Done")]
    assert produced(access.PUBLIC, scope="council", fmt="docx")[0] != first      # another format, another file
    with db.engine().begin() as conn:
        version.bump(conn)
    assert produced(access.PUBLIC, scope="council", fmt="html")[0] != first
    assert produced(MEMBER, scope="council", fmt="html")[0] != first           # a member's own pack, never shared


def test_packs_produced_are_limited_per_user_and_per_address(council, monkeypatch):
    from security import ratelimit

    monkeypatch.setitem(ratelimit.LIMITS, "pack-user", 2)
    monkeypatch.setitem(ratelimit.LIMITS, "pack-ip", 1)
    busy = access.Viewer(role="member", username="busy-member")

    def ask(viewer, address=None, fmt="html"):
        with as_viewer(viewer):
            return report_callbacks.produce(lambda _: None, "2026/27 Q2", "council", fmt, viewer, address)

    def refused(children):
        return any("Too many packs: at most" in str(getattr(c, "children", "")) for c in children)

    assert not refused(ask(busy)) and not refused(ask(busy))
    said = ask(busy)
    assert refused(said) and not any(getattr(c, "href", None) for c in said)
    assert "at most 2 can be produced in 15 minutes" in str(said[0].children)
    assert not refused(ask(access.Viewer(role="member", username="another-member")))   # each user their own count
    # The public, by client address: a pack already produced is handed out without counting.
    with db.engine().begin() as conn:
        from data.core import version
        version.bump(conn)
    assert not refused(ask(access.PUBLIC, "198.51.100.7"))
    assert not refused(ask(access.PUBLIC, "198.51.100.7"))                 # the same pack again: free
    assert refused(ask(access.PUBLIC, "198.51.100.7", fmt="docx"))          # a new one: over this address's limit
    assert not refused(ask(access.PUBLIC, "203.0.113.9", fmt="docx"))       # another address


def test_the_signed_viewer_carries_the_client_address(council):
    from app import server

    with server.test_request_context("/reports", environ_base={"REMOTE_ADDR": "192.0.2.44"}):
        token = identity.signed_viewer(MEMBER)
    assert identity.address_of_signed(token) == "192.0.2.44" and identity.viewer_of_signed(token) == MEMBER
    assert identity.address_of_signed(token[:-2] + "xx") is None
