"""Alerts, reminders, digests and the outbox, sent through a real local SMTP server (aiosmtpd) and read back.

Each test runs on its own copy of the demo council, once on SQLite and once on PostgreSQL."""

from __future__ import annotations

import socket
import threading
from datetime import date, datetime, timedelta, timezone
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from data.core import loaders
from data.core.models import Measure, Notification, Observation, PublishedPeriod, Service, User
from data.core.periods import Period
from data.demo import council as demo
from data.notify import alerts, mail, outbox, run, schedule, tokens
from data.people import users
from data.people.entry import due_period
from data.performance import summary
from data.people import access
from data.reporting import exceptions

SECRET = "test-secret"
TODAY = date(2026, 12, 1)     # no return is within its reminder window, none is freshly late
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


class Inbox:
    """What a real SMTP server on a free local port received."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"

    def to(self, address):
        return [m for rcpt, m in self.messages if address in rcpt]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.config = mail.Config("127.0.0.1", controller.port, None, None, False, "Performance <perf@council.test>")
    yield inbox
    controller.stop()


@pytest.fixture
def council(demo_copy):
    """The demo council with an editor, a linked owner, an officer and a member, all with addresses; published
    long ago (so no "published" digest is due) and nobody's digest on unless a test turns it on."""
    engine = demo_copy
    with engine.begin() as conn:
        conn.execute(update(PublishedPeriod).values(published_at=datetime(2026, 11, 1, tzinfo=timezone.utc)))
        measure = _turnable(conn)
        service = conn.execute(select(Service.slug).where(Service.id == measure["service_id"])).scalar()
        other = conn.execute(select(Service.slug).where(Service.id != measure["service_id"])).scalars().first()
        ids = {"sam": users.create(conn, "sam", None, role="editor", services=[service], email="sam@council.test"),
               "oona": users.create(conn, "oona", None, role="editor", services=[other], email="oona@council.test"),
               "olive": users.create(conn, "olive", None, role="officer", email="olive@council.test"),
               "mo": users.create(conn, "mo", None, role="member", email="mo@council.test"),
               "nomail": users.create(conn, "nomail", None, role="editor", services=[service])}
        conn.execute(update(Measure).where(Measure.id == measure["id"]).values(owner_user_id=ids["oona"]))
    with Session(engine) as s, s.begin():
        for user_id in ids.values():
            outbox.set_preference(s, user_id, "digest", "never")
    engine.turnable, engine.users = measure, ids
    return engine


def _turnable(conn) -> dict:
    """A monthly, higher-is-better targeted measure that is on target in its latest approved month."""
    measures = loaders.measures(conn)
    figures = loaders.figures(conn, measures["id"])
    changes = loaders.process_changes_of(conn, measures["id"])
    for m in measures.to_dict("records"):
        if (m["frequency"], m["polarity"], m["kind"]) != ("monthly", "higher", "target"):
            continue
        values, targets = figures[m["id"]]
        latest = max(p for p, v in values.items() if v is not None)
        case = exceptions.examine(m, values, targets, changes.get(m["id"], []), latest)
        if case.assessment.status.value == "on_target" and not case.reasons and case.assessment.target:
            service_id = conn.execute(select(Measure.service_id).where(Measure.id == m["id"])).scalar()
            return {**m, "service_id": service_id, "latest": latest, "target": case.assessment.target}
    raise AssertionError("the demo council has no on-target monthly measure")


def approve(engine, measure: dict, period, value: float) -> None:
    with Session(engine) as s, s.begin():
        s.add(Observation(measure_id=measure["id"], period=period.label, period_kind=period.kind,
                          period_start=period.start, value=value, state="approved", updated_by="test"))


def go(engine, smtp=None, *, today=TODAY, now=NOW, config=None):
    return run.run(engine, secret=SECRET, today=today, now=now,
                   config=config or (smtp.config if smtp else mail.Config(None, 25, None, None, False, "x@y")))


# --- alerts ------------------------------------------------------------------------------------------

def test_a_figure_that_turns_below_target_is_told_once_to_its_owner_and_its_service_editors(council, smtp):
    m = council.turnable
    first = go(council, smtp)
    assert first.events == 0 and smtp.messages == []            # the first run only records what it sees
    month = m["latest"].shift(1)
    approve(council, m, month, round(m["target"] * 0.5, 1))
    report = go(council, smtp)
    assert report.events >= 1
    for address in ("sam@council.test", "oona@council.test"):  # the service's editor, and the linked owner
        told = [msg for msg in smtp.to(address) if "turned Below target" in msg["Subject"]]
        assert len(told) == 1, [msg["Subject"] for msg in smtp.to(address)]
        msg = told[0]
        assert msg["Subject"].startswith(f"{m['code']} ") and month.name in msg["Subject"]
        text = msg.get_body(("plain",)).get_content()
        page = msg.get_body(("html",)).get_content()
        assert "✖ Below target" in text and "against a target of" in text and f"/measure/{m['code']}" in text
        assert '<html lang="en">' in page and "<h1" in page and '<th scope="col"' in page and "Below target" in page
        assert msg["List-Unsubscribe"].startswith("<http") and msg["List-Unsubscribe-Post"]
    assert smtp.to("olive@council.test") == []                  # the performance team: in their digest
    assert smtp.to("nomail@council.test") == []
    with Session(council) as s:
        nomail = s.scalar(select(Notification).where(Notification.user_id == council.users["nomail"],
                                                     Notification.kind == "below_target"))
        assert (nomail.status, nomail.error) == ("not_sent", "no e-mail address")
    count = len(smtp.messages)
    again = go(council, smtp, now=NOW + timedelta(hours=1))
    assert again.events == 0 and len(smtp.messages) == count    # once, not on every recomputation


def test_back_on_target_goes_to_the_digest_and_a_second_miss_is_told_again(council, smtp):
    m = council.turnable
    go(council, smtp)
    bad, good, bad_again = m["latest"].shift(1), m["latest"].shift(2), m["latest"].shift(3)
    approve(council, m, bad, round(m["target"] * 0.5, 1))
    go(council, smtp)
    approve(council, m, good, m["target"] * 1.2)
    go(council, smtp)
    with Session(council) as s:
        back = s.scalars(select(Notification).where(Notification.kind == "back_on_target",
                                                    Notification.user_id == council.users["sam"])).all()
        assert [(n.delivery, n.status) for n in back] == [("digest", "pending")]
    approve(council, m, bad_again, round(m["target"] * 0.5, 1))
    go(council, smtp)
    subjects = [msg["Subject"] for msg in smtp.to("sam@council.test") if "turned Below target" in msg["Subject"]]
    assert len(subjects) == 2 and bad.name in subjects[0] and bad_again.name in subjects[1]


def test_choosing_never_or_the_digest_is_respected(council, smtp):
    m = council.turnable
    with Session(council) as s, s.begin():
        outbox.set_preference(s, council.users["sam"], "below_target", "never")
        outbox.set_preference(s, council.users["oona"], "below_target", "digest")
        with pytest.raises(ValueError, match="below_target can be"):
            outbox.set_preference(s, council.users["sam"], "below_target", "weekly")
    go(council, smtp)
    approve(council, m, m["latest"].shift(1), round(m["target"] * 0.5, 1))
    go(council, smtp)
    assert not [x for x in smtp.to("sam@council.test") + smtp.to("oona@council.test")
                if "turned Below target" in x["Subject"]]
    with Session(council) as s:
        rows = {n.user_id: (n.status, n.delivery) for n in s.scalars(
            select(Notification).where(Notification.kind == "below_target"))}
    assert rows[council.users["sam"]] == ("not_sent", "immediate")
    assert rows[council.users["oona"]] == ("pending", "digest")


def test_the_weekly_digest_gathers_what_changed_and_actions_due(council, smtp):
    m = council.turnable
    with Session(council) as s, s.begin():
        outbox.set_preference(s, council.users["olive"], "digest", "weekly")
    go(council, smtp)
    first_digest = smtp.to("olive@council.test")
    approve(council, m, m["latest"].shift(1), round(m["target"] * 0.5, 1))
    go(council, smtp, today=TODAY + timedelta(days=7), now=NOW + timedelta(days=7))
    digests = [x for x in smtp.to("olive@council.test") if "digest" in x["Subject"]]
    assert len(digests) == len(first_digest) + 1
    page = digests[-1].get_body(("html",)).get_content()
    assert "What changed" in page and m["code"] in page and "turned Below target" in page
    with Session(council) as s:
        items = s.scalars(select(Notification).where(Notification.user_id == council.users["olive"],
                                                     Notification.kind == "below_target")).all()
        assert items and all(n.status == "in_digest" and n.digest_id for n in items)
    go(council, smtp, today=TODAY + timedelta(days=8), now=NOW + timedelta(days=8))
    assert len([x for x in smtp.to("olive@council.test") if "digest" in x["Subject"]]) == len(digests)  # weekly


# --- reminders and late returns ----------------------------------------------------------------------

def test_editors_are_reminded_before_the_due_date_and_officers_get_the_late_list(council, smtp):
    november = schedule.months_to_watch(TODAY)[0]
    due = schedule.due_date(november, 10)
    assert (november.label, due) == ("2026-11", date(2026, 12, 14))
    go(council, smtp, today=date(2026, 12, 10))
    reminders = smtp.to("sam@council.test")
    assert len(reminders) == 1 and reminders[0]["Subject"].strip().startswith("Reminder: ")
    assert "November 2026" in reminders[0]["Subject"] and "Monday 14 December 2026" in reminders[0]["Subject"]
    assert "/entry?month=2026-11" in reminders[0].get_body(("plain",)).get_content()
    go(council, smtp, today=date(2026, 12, 11))
    assert len(smtp.to("sam@council.test")) == 1                  # once per month's return
    assert smtp.to("olive@council.test") == []
    go(council, smtp, today=date(2026, 12, 15), now=NOW + timedelta(days=14))
    late = smtp.to("olive@council.test")
    assert len(late) == 1 and late[0]["Subject"].strip().startswith("Late returns for November 2026")


def test_a_return_entered_in_full_gets_no_reminder(council, smtp):
    november = schedule.months_to_watch(TODAY)[0]
    with Session(council) as s, s.begin():
        service_id = council.turnable["service_id"]
        for mid, frequency in s.execute(select(Measure.id, Measure.frequency).where(Measure.service_id == service_id)):
            period = due_period(november, frequency)
            if period is not None:
                s.add(Observation(measure_id=mid, period=period.label, period_kind=period.kind,
                                  period_start=period.start, value=1.0, state="draft"))
    go(council, smtp, today=date(2026, 12, 10))
    assert smtp.to("sam@council.test") == []


def test_working_days_skip_weekends():
    assert schedule.add_working_days(date(2026, 11, 30), 10) == date(2026, 12, 14)
    assert schedule.add_working_days(date(2026, 2, 28), 1) == date(2026, 3, 3)   # Saturday: Monday is day 0
    assert schedule.working_days_between(date(2026, 12, 11), date(2026, 12, 14)) == 1
    assert schedule.working_days_between(date(2026, 12, 14), date(2026, 12, 11)) == -1


# --- published quarters ------------------------------------------------------------------------------

def test_members_get_the_quarter_when_it_is_published(council, smtp):
    with Session(council) as s, s.begin():
        s.execute(update(PublishedPeriod).where(PublishedPeriod.period == "2026/27 Q2").values(published_at=NOW))
    go(council, smtp)
    told = smtp.to("mo@council.test")
    assert len(told) == 1 and told[0]["Subject"].strip() == "2026/27 Q2 (Jul-Sep): performance figures published"
    with council.connect() as conn:
        viewer = access.Viewer(role="member", username="x")
        measures = access.hide_names(loaders.measures(conn), viewer)
        results = summary.own(summary.evaluate(measures, access.figures(conn, measures["id"], viewer),
                                               Period.parse("2026/27 Q2")))
    assert summary.headline(results) in told[0].get_body(("plain",)).get_content()
    go(council, smtp, now=NOW + timedelta(hours=2))
    assert len(smtp.to("mo@council.test")) == 1


# --- delivery ----------------------------------------------------------------------------------------

def _one_pending(engine, address="sam@council.test") -> int:
    with Session(engine) as s, s.begin():
        user = s.scalar(select(User).where(User.email == address))
        row = outbox.enqueue(s, user, outbox.Draft("test:one", "below_target", "A test alert", "text", ["<p>x</p>"]),
                             now=NOW)
        s.flush()
        return row.id


def test_a_failed_send_is_retried_with_back_off_then_given_up(council, smtp):
    nid = _one_pending(council)
    down = mail.Config("127.0.0.1", free_port(), None, None, False, "x@y")     # nothing listens there
    when = NOW
    for attempt in range(1, 5):
        done = outbox.deliver(council, down, secret=SECRET, base_url="http://x", now=when)
        assert done.retrying == [nid]
        with Session(council) as s:
            n = s.get(Notification, nid)
            assert (n.status, n.attempts) == ("pending", attempt)
            assert n.next_attempt_at.replace(tzinfo=timezone.utc) == when + timedelta(minutes=2 ** (attempt - 1))
            assert "ConnectionRefusedError" in n.error
        early = outbox.deliver(council, smtp.config, secret=SECRET, base_url="http://x", now=when + timedelta(seconds=30))
        assert early.sent == [] and smtp.messages == []          # not before its time
        when += timedelta(minutes=2 ** (attempt - 1))
    done = outbox.deliver(council, down, secret=SECRET, base_url="http://x", now=when)
    assert done.failed == [nid]
    assert outbox.deliver(council, smtp.config, secret=SECRET, base_url="http://x", now=when + timedelta(days=1)).sent == []


def test_a_retry_that_succeeds_sends_once(council, smtp):
    nid = _one_pending(council)
    down = mail.Config("127.0.0.1", free_port(), None, None, False, "x@y")
    outbox.deliver(council, down, secret=SECRET, base_url="http://x", now=NOW)
    done = outbox.deliver(council, smtp.config, secret=SECRET, base_url="http://x", now=NOW + timedelta(minutes=2))
    assert done.sent == [nid] and len(smtp.messages) == 1
    assert outbox.deliver(council, smtp.config, secret=SECRET, base_url="http://x", now=NOW + timedelta(hours=1)).sent == []


def test_nothing_is_sent_twice_after_a_restart(council, smtp):
    nid = _one_pending(council)
    with council.begin() as conn:        # a process claimed it and died before it could record the outcome
        conn.execute(update(Notification).where(Notification.id == nid)
                     .values(status="sending", attempts=1, next_attempt_at=NOW))
    assert outbox.deliver(council, smtp.config, secret=SECRET, base_url="http://x",
                          now=NOW + timedelta(minutes=5)).sent == []
    outbox.deliver(council, smtp.config, secret=SECRET, base_url="http://x", now=NOW + timedelta(minutes=20))
    with Session(council) as s:
        n = s.get(Notification, nid)
        assert n.status == "failed" and "not sent again" in n.error
    assert smtp.messages == []


def test_two_runs_at_once_send_each_message_once(council, smtp):
    m = council.turnable
    go(council, smtp)
    approve(council, m, m["latest"].shift(1), round(m["target"] * 0.5, 1))
    errors = []

    def one():
        try:
            go(council, smtp)
        except Exception as e:          # a run that lost a race on alert_state rolls back; the other sends
            errors.append(e)
    threads = [threading.Thread(target=one) for _ in range(3)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    go(council, smtp)
    told = [x for x in smtp.to("sam@council.test") if "turned Below target" in x["Subject"]]
    assert len(told) == 1


def test_without_a_mail_server_nothing_is_sent_and_it_is_recorded(council):
    m = council.turnable
    go(council)
    approve(council, m, m["latest"].shift(1), round(m["target"] * 0.5, 1))
    report = go(council)
    assert report.events >= 1 and not report.mail_configured
    assert "SMTP_HOST is not set" in " ".join(report.lines())
    with Session(council) as s:
        statuses = {(n.status, n.error) for n in s.scalars(select(Notification).where(
            Notification.kind == "below_target", Notification.delivery == "immediate",
            Notification.user_id == council.users["sam"]))}
    assert statuses == {("not_sent", "no mail server: SMTP_HOST is not set")}


# --- tokens ------------------------------------------------------------------------------------------

def test_unsubscribe_tokens_are_signed_per_person_and_kind():
    token = tokens.make(SECRET, 7, "digest")
    assert tokens.read(SECRET, token) == (7, "digest")
    assert tokens.read("other-secret", token) is None
    assert tokens.read(SECRET, token.replace("7.", "8.", 1)) is None
    assert tokens.read(SECRET, token.replace("digest", "published")) is None
    assert tokens.read(SECRET, "") is None and tokens.read(SECRET, "a.b.c.d") is None


def test_email_addresses_are_checked(engine):
    with engine.begin() as conn:
        for bad in ("no-at-sign", "a@b", "a b@c.uk", "x@y.uk\nBcc: evil@example.com", "<a@b.uk>"):
            with pytest.raises(users.UserError, match="is not an e-mail address"):
                users.create(conn, "u" + str(abs(hash(bad)))[:6], None, email=bad)
        users.create(conn, "fine", None, email="  fine@council.gov.uk ")
        assert conn.execute(select(User.email).where(User.username == "fine")).scalar() == "fine@council.gov.uk"
        users.set_email(conn, "fine", "")
        assert conn.execute(select(User.email).where(User.username == "fine")).scalar() is None


def test_alert_check_judges_like_the_exceptions_report(council):
    """The alert's reasons are the exceptions report's: a measure the report lists as below target is one."""
    m = council.turnable
    with Session(council) as s, s.begin():
        alerts.check(s, NOW)
    approve(council, m, m["latest"].shift(1), round(m["target"] * 0.5, 1))
    with Session(council) as s, s.begin():
        events = alerts.check(s, NOW)
        conn = s.connection()
        values, targets = loaders.figures(conn, [m["id"]])[m["id"]]
        case = exceptions.examine(m, values, targets, [], m["latest"].shift(1))
    kinds = {e.kind for e in events if e.measure["code"] == m["code"]}
    assert "below_target" in kinds and "below_target" in case.reasons
    assert all(e.measure["code"] == m["code"] for e in events)


# --- from outside: the cron command against a real SMTP server, run twice as after a restart ------------

def test_the_cron_command_sends_through_smtp_once_across_restarts(tmp_path, smtp):
    import os
    import subprocess
    import sys

    from data.core import db
    url = f"sqlite:///{tmp_path / 'cron.db'}"
    eng = db.make_engine(url)
    db.upgrade(eng)
    demo.load(eng)
    with eng.begin() as conn:
        conn.execute(update(PublishedPeriod).values(published_at=datetime(2026, 11, 1, tzinfo=timezone.utc)))
        measure = _turnable(conn)
        service = conn.execute(select(Service.slug).where(Service.id == measure["service_id"])).scalar()
        sam = users.create(conn, "sam", None, role="editor", services=[service], email="sam@council.test")
    with Session(eng) as s, s.begin():
        outbox.set_preference(s, sam, "digest", "never")
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "cron-secret", "SMTP_HOST": "127.0.0.1",
           "SMTP_PORT": str(smtp.config.port), "SMTP_STARTTLS": "0", "MAIL_FROM": "perf@council.test",
           "TODAY": TODAY.isoformat(), "APP_URL": "https://performance.council.test"}

    def cron():
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "send-notifications"], env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout
    assert "0 new alert event(s)" in cron()
    approve(eng, measure, measure["latest"].shift(1), round(measure["target"] * 0.5, 1))
    assert "failed 0" in cron()
    told = [m for m in smtp.to("sam@council.test") if "turned Below target" in m["Subject"]]
    assert len(told) == 1
    assert f"https://performance.council.test/measure/{measure['code']}" in told[0].get_body(("plain",)).get_content()
    cron()                                   # a new process, as after a restart: reads only the database
    assert len([m for m in smtp.to("sam@council.test") if "turned Below target" in m["Subject"]]) == 1
    eng.dispose()


def test_a_due_date_set_in_the_reporting_cycle_drives_the_reminder_and_the_chase_list(council, smtp):
    from data.people import cycle
    service_id = council.turnable["service_id"]
    with council.begin() as conn:
        cycle.set_due(conn, "2026/27 Q3", date(2026, 12, 14), service_ids=[service_id], by="olive")
    go(council, smtp, today=date(2026, 12, 10))
    told = [m["Subject"].strip() for m in smtp.to("sam@council.test")]
    assert len(told) == 1 and "return for 2026/27 Q3 (Oct-Dec) are due by Monday 14 December 2026" in told[0]
    other = [m["Subject"].strip() for m in smtp.to("oona@council.test")]   # no due date set: the monthly rule
    assert len(other) == 1 and "for November 2026 are due by Monday 14 December 2026" in other[0]
    go(council, smtp, today=date(2026, 12, 15), now=NOW + timedelta(days=14))
    late = [m["Subject"].strip() for m in smtp.to("olive@council.test")]
    assert any(s.startswith("Late returns for 2026/27 Q3 (Oct-Dec): 1 service(s)") for s in late), late
