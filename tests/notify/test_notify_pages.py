"""The notifications page, the unsubscribe link and the notification commands, through the real app."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

import app as application
from dashboards import ids
from data.core import db
from data.core.models import AlertState, Measure, NotificationPreference, User
from data.notify import tokens
from ops import jobs
from tests.security.test_security import council, council_file, signed_in  # noqa: F401  (fixtures)



def _user_id(username: str) -> int:
    with db.engine().connect() as conn:
        return conn.execute(select(User.id).where(User.username == username)).scalar()


def _choice(engine, username, kind):
    with engine.connect() as conn:
        return conn.execute(select(NotificationPreference.delivery).where(
            NotificationPreference.user_id == select(User.id).where(User.username == username).scalar_subquery(),
            NotificationPreference.kind == kind)).scalar()


def test_an_editor_chooses_their_notifications_and_is_told_mail_is_not_set_up(council):  # noqa: F811
    visitor = signed_in("eddie")
    page = visitor.page("/notifications").get_data(as_text=True)
    assert "Notifications" in page and "E-mail is not set up on this server" in page
    assert "turns Below target" in page and "late returns" not in page   # the performance team's list: not theirs
    assert "Sent and waiting" not in page
    state = [{"id": {"type": ids.NOTIFY_CHOICE, "kind": "below_target"}, "property": "value", "value": "digest"}]
    response = _save(visitor, 1, state)
    assert response.status_code == 200 and "Saved your choices" in response.get_data(as_text=True)
    assert _choice(council, "eddie", "below_target") == "digest"
    crafted = [{"id": {"type": ids.NOTIFY_CHOICE, "kind": "late_returns"}, "property": "value", "value": "never"}]
    refused = _save(visitor, 1, crafted).get_data(as_text=True)
    assert "Not saved" in refused and _choice(council, "eddie", "late_returns") is None
    wrong = [{"id": {"type": ids.NOTIFY_CHOICE, "kind": "below_target"}, "property": "value", "value": "hourly"}]
    assert "Not saved" in _save(visitor, 1, wrong).get_data(as_text=True)
    assert _choice(council, "eddie", "below_target") == "digest"


def _save(visitor, n_clicks, controls):
    key = next(k for k in application.app.callback_map if k.startswith(ids.NOTIFY_MESSAGE))
    entry = application.app.callback_map[key]
    body = {"output": key, "outputs": {"id": ids.NOTIFY_MESSAGE, "property": "children"},
            "inputs": [{"id": ids.NOTIFY_SAVE, "property": "n_clicks", "value": n_clicks}],
            "state": [controls, [{"id": c["id"], "property": "id", "value": c["id"]} for c in controls]],
            "changedPropIds": [f"{ids.NOTIFY_SAVE}.n_clicks"]}
    assert entry["state"][0]["id"].startswith("{")
    return visitor.client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": visitor.token},
                               base_url=visitor.base_url)


def test_the_public_cannot_save_choices_and_officers_see_the_record(council):  # noqa: F811
    anonymous = signed_in(None)
    state = [{"id": {"type": ids.NOTIFY_CHOICE, "kind": "published"}, "property": "value", "value": "never"}]
    assert _save(anonymous, 1, state).status_code in (401, 403)
    officer = signed_in("olga").page("/notifications").get_data(as_text=True)
    assert "Sent and waiting" in officer and "The list of late returns" in officer


def test_the_unsubscribe_link_asks_then_turns_one_kind_off(council):  # noqa: F811
    user_id = _user_id("mina")
    token = tokens.make(application.server.secret_key, user_id, "published")
    client = application.server.test_client()
    shown = client.get(f"/notifications/unsubscribe?t={token}")
    assert shown.status_code == 200 and "Stop these e-mails" in shown.get_data(as_text=True)
    assert _choice(council, "mina", "published") is None             # a GET (a link scanner) changes nothing
    done = client.post("/notifications/unsubscribe", data={"t": token, "List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "You will no longer get e-mails" in done.get_data(as_text=True)
    assert _choice(council, "mina", "published") == "never"
    forged = client.post("/notifications/unsubscribe", data={"t": token[:-1] + ("0" if token[-1] != "0" else "1")})
    assert forged.status_code == 400 and _choice(council, "mina", "digest") is None


def test_the_background_run_after_a_sign_off_records_what_it_saw(council):  # noqa: F811
    with council.connect() as conn:
        assert conn.execute(select(func.count()).select_from(AlertState)).scalar() == 0
    jobs.notify_soon().join(timeout=60)
    with council.connect() as conn:
        seen = conn.execute(select(func.count()).select_from(AlertState)).scalar()
    assert seen > 0                      # the first run records each measure's picture, to tell changes later


@pytest.fixture
def runner(monkeypatch, tmp_path):
    from flask import Flask

    import commands
    from data.demo import council as demo
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SECRET_KEY", "cli-secret")
    monkeypatch.delenv("SMTP_HOST", raising=False)
    db.engine.cache_clear()
    db.upgrade()
    demo.load(db.engine())
    server = Flask("cli-test")
    commands.register(server)
    yield server.test_cli_runner()
    db.engine.cache_clear()


def test_people_get_addresses_and_owners_link_to_users_on_the_command_line(runner):
    made = runner.invoke(args=["create-user", "hana", "--role", "editor", "--no-password",
                               "--email", "hana@council.gov.uk"])
    assert made.exit_code == 0, made.output
    bad = runner.invoke(args=["set-email", "hana", "not an address"])
    assert bad.exit_code == 2 and "is not an e-mail address" in bad.output
    assert runner.invoke(args=["set-email", "hana", "h.ali@council.gov.uk"]).exit_code == 0
    code = db.engine().connect().execute(select(Measure.code).order_by(Measure.code)).scalars().first()
    linked = runner.invoke(args=["link-owner", code, "hana"])
    assert linked.exit_code == 0 and "linked to hana" in linked.output
    assert runner.invoke(args=["link-owner", "ZZZ99", "hana"]).exit_code == 2
    assert runner.invoke(args=["link-owner", code, "nobody"]).exit_code == 2
    chose = runner.invoke(args=["notification-preference", "hana", "digest", "monthly"])
    assert chose.exit_code == 0, chose.output
    assert runner.invoke(args=["notification-preference", "hana", "digest", "hourly"]).exit_code == 2
    with db.engine().connect() as conn:
        user = conn.execute(select(User.id, User.email).where(User.username == "hana")).one()
        owner = conn.execute(select(Measure.owner_user_id).where(Measure.code == code)).scalar()
    assert user.email == "h.ali@council.gov.uk" and owner == user.id
    sent = runner.invoke(args=["send-notifications"])
    assert sent.exit_code == 0 and "SMTP_HOST is not set: nothing was sent" in sent.output
