"""The viewer's scope (data/access.py) and the user store (data/users.py), on SQLite and PostgreSQL."""

import pandas as pd
import pytest
from sqlalchemy import insert, select

from data.people import access, users
from data.people.access import PUBLIC, Viewer
from data.core.models import Measure, Observation, Service, User
from data.core.periods import Period
from security import identity

Q1, Q2, Q3 = Period.quarter(2026, 1), Period.quarter(2026, 2), Period.quarter(2026, 3)


@pytest.fixture
def council(demo_copy):
    """The demo council (all its periods published) on a fresh database of each backend."""
    return demo_copy


def _measure(conn, code="HSG01"):
    return conn.execute(select(Measure.id, Measure.service_id).where(Measure.code == code)).one()


def _add_value(conn, code, label, value, state="approved"):
    measure_id, _ = _measure(conn, code)
    p = Period.parse(label)
    conn.execute(insert(Observation).values(measure_id=measure_id, period=label, period_kind=p.kind,
                                            period_start=p.start, value=value, state=state))
    return measure_id


# --- roles ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "needed", "expected"), [
    ("public", "public", True), ("public", "member", False), ("member", "editor", False),
    ("editor", "member", True), ("editor", "officer", False), ("officer", "editor", True),
])
def test_roles_are_ordered(role, needed, expected):
    assert Viewer(role=role).at_least(needed) is expected


@pytest.mark.parametrize(("viewer", "service", "expected"), [
    (Viewer(role="editor", username="e", services=frozenset({3})), 3, True),
    (Viewer(role="editor", username="e", services=frozenset({3})), 4, False),   # another service
    (Viewer(role="editor", username="e", services=frozenset({3})), None, False),
    (Viewer(role="member", username="m", services=frozenset({3})), 3, False),   # services alone give no right
    (Viewer(role="officer", username="o"), 4, True),
    (PUBLIC, 3, False),
])
def test_can_edit_only_own_services(viewer, service, expected):
    assert access.can_edit(viewer, service) is expected
    if expected:
        access.require_edit(viewer, service)
    else:
        with pytest.raises(access.Forbidden):
            access.require_edit(viewer, service)


def test_internal_content_and_unpublished_periods_by_role():
    assert not PUBLIC.sees_internal and PUBLIC.published_only
    assert Viewer(role="member", username="m").sees_internal
    assert Viewer(role="editor", username="e").published_only
    assert not Viewer(role="officer", username="o").published_only
    assert all(Viewer(role=r).states == ("approved",) for r in access.ROLES)


def test_viewer_outside_a_request_is_public():
    assert identity.viewer() == PUBLIC


# --- published periods ------------------------------------------------------------------------------

def test_demo_publishes_every_quarter_with_data(council):
    with council.connect() as conn:
        assert access.published_periods(conn)[0] == Q2
        assert Period.quarter(2019, 1) in access.published_quarters(conn)
        assert Q3 not in access.published_quarters(conn)


def test_public_sees_only_published_periods_and_values(council):
    with council.begin() as conn:
        measure_id = _add_value(conn, "HSG01", "2026/27 Q3", 0.42)            # approved, not yet published
        _add_value(conn, "HSG01", "2026/27 Q4", 0.99, state="draft")
    with council.connect() as conn:
        member, officer = Viewer(role="member", username="m"), Viewer(role="officer", username="o")
        assert Q3 not in access.visible_periods(conn, PUBLIC)
        assert Q3 not in access.visible_periods(conn, member)
        assert Q3 in access.visible_periods(conn, officer)                  # officers preview before publishing
        assert access.latest_quarter(conn, PUBLIC) == Q2
        assert access.allowed_period(conn, PUBLIC, Q3) == Q2                 # asked for Q3 in the URL: gets Q2
        assert Q3 not in access.figures(conn, [measure_id], PUBLIC)[measure_id][0]
        assert access.figures(conn, [measure_id], officer)[measure_id][0][Q3] == 0.42
        assert Period.quarter(2026, 4) not in access.figures(conn, [measure_id], officer)[measure_id][0]  # draft
        assert access.publish(conn, "2026/27 Q3", by="olga") == ["2026/27 Q3"]
        assert access.figures(conn, [measure_id], PUBLIC)[measure_id][0][Q3] == 0.42
        assert access.latest_quarter(conn, PUBLIC) == Q3


def test_publishing_a_year_publishes_its_quarters_and_can_be_withdrawn(engine):
    with engine.begin() as conn:
        assert access.publish(conn, "2027/28", by="olga") == [f"2027/28 Q{i}" for i in range(1, 5)]
        assert access.publish(conn, "2027/28 Q2") == []                     # already published: idempotent
        assert access.unpublish(conn, "2027/28 Q4") == 1
        assert len(access.published_quarters(conn)) == 3
        with pytest.raises(ValueError):
            access.publish(conn, "2027-05")


@pytest.mark.parametrize(("label", "published", "visible"), [
    ("2026-07", {"2026/27 Q2"}, True), ("2026-10", {"2026/27 Q2"}, False),
    ("2026/27", {"2026/27 Q1"}, True),           # a year may be chosen once any of its quarters is out
    ("2027/28", {"2026/27 Q4"}, False),
])
def test_is_visible(label, published, visible):
    assert access.is_visible(Period.parse(label), {Period.parse(p) for p in published}) is visible


def test_annual_values_wait_for_the_fourth_quarter(engine):
    published = {Period.parse(q) for q in ("2025/26 Q1", "2025/26 Q2", "2025/26 Q3")}
    assert not access._value_visible(Period.year(2025), published)
    assert access._value_visible(Period.year(2025), published | {Period.parse("2025/26 Q4")})


# --- council settings and names ---------------------------------------------------------------------

def test_officer_names_hidden_from_public_when_council_turns_them_off(engine):
    frame = pd.DataFrame({"title": ["Fix backlog"], "owner": ["Hugo Bell"]})
    with engine.begin() as conn:
        assert access.council_setting(conn, "show_officer_names") == "1"
        access.set_council_setting(conn, "show_officer_names", "0")
        assert access.council_setting(conn, "show_officer_names") == "0"
        with pytest.raises(ValueError):
            access.set_council_setting(conn, "no_such_setting", "1")
    hidden = access.hide_names(frame, Viewer(may_see_names=False))
    assert hidden["owner"].isna().all() and hidden["title"][0] == "Fix backlog"
    assert frame["owner"][0] == "Hugo Bell"                                  # the caller's frame is untouched
    assert access.hide_names(frame, Viewer(role="member", username="m"))["owner"][0] == "Hugo Bell"


# --- users ------------------------------------------------------------------------------------------

def test_passwords_are_argon2_hashes_and_checked(council):
    with council.begin() as conn:
        service = conn.execute(select(Service.slug)).scalars().first()
        users.create(conn, "Sam", "a long enough password", role="editor", services=[service])
        stored = conn.execute(select(User.password_hash).where(User.username == "sam")).scalar()
        assert stored.startswith("$argon2id$") and "a long enough password" not in stored
        account = users.authenticate(conn, " SAM ", "a long enough password")
        assert account.role == "editor" and len(account.services) == 1
        assert users.authenticate(conn, "sam", "a long enough passwore") is None
        assert users.authenticate(conn, "nobody", "a long enough password") is None


@pytest.mark.parametrize(("call", "message"), [
    (lambda c: users.create(c, "x", "short"), "at least 12"),
    (lambda c: users.create(c, "x", "a long enough password", role="admin"), "unknown role"),
    (lambda c: users.create(c, "x", "a long enough password", services=["no-such-service"]), "unknown service"),
    (lambda c: users.set_role(c, "ghost", "member"), "no user"),
])
def test_refused_account_changes(engine, call, message):
    with engine.begin() as conn:
        with pytest.raises(users.UserError, match=message):
            call(conn)


def test_duplicate_user_refused(engine):
    with engine.begin() as conn:
        users.create(conn, "sam", "a long enough password")
        with pytest.raises(users.UserError, match="already exists"):
            users.create(conn, "SAM", "a long enough password")


def test_role_change_password_change_and_deactivation_end_sessions(engine):
    with engine.begin() as conn:
        user_id = users.create(conn, "sam", "a long enough password")
        token = users.load(conn, user_id).session_token
        assert users.load(conn, user_id, token) is not None
        users.set_role(conn, "sam", "officer")
        assert users.load(conn, user_id, token) is None
        token = users.load(conn, user_id).session_token
        users.set_password(conn, "sam", "another long password")
        assert users.load(conn, user_id, token) is None
        assert users.authenticate(conn, "sam", "a long enough password") is None
        users.set_active(conn, "sam", False)
        assert users.authenticate(conn, "sam", "another long password") is None
        assert users.load(conn, user_id) is None


def test_single_sign_on_accounts_cannot_use_a_password(engine):
    with engine.begin() as conn:
        account = users.find_or_create_external(conn, "Pat@council.gov.uk", "Pat")
        assert account.role == "public" and account.username == "pat@council.gov.uk"
        assert users.authenticate(conn, "pat@council.gov.uk", "") is None
        assert users.find_or_create_external(conn, "pat@council.gov.uk").id == account.id
