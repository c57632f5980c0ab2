"""One pass of the notifications: find what is new, record it for each person once, then send what is due.

`run` is what `flask --app app send-notifications` (cron) and the background job after a sign-off call. Every
step is idempotent: running it twice, or in two processes at once, sends each message once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from data.core import clock, loaders, settings
from data.core.models import (Measure, Notification, Observation, PublishedPeriod, Service, User, UserService,
                              utcnow)
from data.core.periods import Period
from data.notify import alerts, mail, outbox, schedule
from data.notify.kinds import BY_KEY, DIGEST, MONTHLY, NEVER, WEEKLY
from data.notify.mail import e
from data.people import access
from data.people import cycle
from data.plan import progress, records
from data.people.entry import due_period
from data.performance import summary

WORDS = {"below_target": "turned Below target", "concern": "shows a special cause of concern",
         "forecast_miss": "is forecast to miss its year-end target", "back_on_target": "is back on target"}
SYMBOLS = {"below_target": "✖ Below target", "concern": "⚠ Special cause of concern",
           "forecast_miss": "⚠ Forecast to miss", "back_on_target": "✔ On target"}


@dataclass
class Report:
    events: int = 0
    recorded: int = 0
    digests: int = 0
    delivered: outbox.Delivered = field(default_factory=outbox.Delivered)
    mail_configured: bool = False

    def lines(self) -> list[str]:
        d = self.delivered
        out = [f"{self.events} new alert event(s); {self.recorded} notification(s) recorded; "
               f"{self.digests} digest(s) made",
               f"sent {len(d.sent)}, to retry {len(d.retrying)}, failed {len(d.failed)}"]
        if not self.mail_configured:
            out.append("SMTP_HOST is not set: nothing was sent (notifications are recorded as not sent)")
        return out


def _link(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def _audience(session: Session, measure_ids: list[int]) -> dict[int, list[User]]:
    """Per measure: its owner (a linked user), the editors of its service, and the performance team."""
    rows = session.execute(select(Measure.id, Measure.service_id, Measure.owner_user_id)
                           .where(Measure.id.in_(measure_ids))).all()
    users = {u.id: u for u in session.scalars(select(User).where(User.active.is_(True)))}
    editors: dict[int, list[int]] = {}
    for user_id, service_id in session.execute(select(UserService.user_id, UserService.service_id)):
        if user_id in users and users[user_id].role == "editor":
            editors.setdefault(service_id, []).append(user_id)
    officers = [u.id for u in users.values() if u.role == "officer"]
    out = {}
    for measure_id, service_id, owner in rows:
        ids = dict.fromkeys(([owner] if owner in users else []) + editors.get(service_id, []) + officers)
        out[measure_id] = [users[i] for i in ids]
    return out


def _event_draft(event: alerts.Event, base_url: str) -> outbox.Draft:
    m = event.measure
    link = _link(base_url, f"/measure/{m['code']}")
    subject = f"{m['code']} {m['title']} {WORDS[event.kind]} ({event.period.name})"
    text = (f"{m['code']} {m['title']} ({m['service']}) {WORDS[event.kind]} in {event.period.name}.\n"
            f"Status: {SYMBOLS[event.kind]}\nFigure: {event.value_text or 'none'}; target: "
            f"{event.target_text or 'none'}\nWhy: {event.reason}\nSee the measure: {link}\n")
    blocks = [f"<p><strong>{e(m['code'])} {e(m['title'])}</strong> ({e(m['service'])}) {e(WORDS[event.kind])} "
              f"in {e(event.period.name)}.</p>",
              mail.table("The figure", ["Status", "Figure", "Target"],
                         [[SYMBOLS[event.kind], event.value_text or "none", event.target_text or "none"]]),
              f"<p>{e(event.reason)}</p>", f"<p><a href=\"{e(link)}\">See {e(m['code'])} on the dashboard</a></p>"]
    return outbox.Draft(event.key, event.kind, subject, text, blocks, link)


def record_alerts(session: Session, base_url: str, now: datetime) -> tuple[int, int]:
    events = alerts.check(session, now)
    if not events:
        return 0, 0
    audience = _audience(session, list({int(ev.measure["id"]) for ev in events}))
    recorded = 0
    for event in events:
        draft = _event_draft(event, base_url)
        for user in audience.get(int(event.measure["id"]), []):
            recorded += outbox.enqueue(session, user, draft, now=now) is not None
    return len(events), recorded


def _missing_returns(session: Session, month: Period) -> dict[int, list[dict]]:
    """Per service id: the measures due in `month` with nothing entered for their period."""
    measures = session.execute(select(Measure.id, Measure.code, Measure.title, Measure.service_id,
                                      Measure.frequency)).all()
    due = {mid: (code, title, sid, due_period(month, freq)) for mid, code, title, sid, freq in measures}
    due = {mid: v for mid, v in due.items() if v[3] is not None}
    entered = {(mid, label) for mid, label in session.execute(
        select(Observation.measure_id, Observation.period).where(Observation.measure_id.in_(list(due))))}
    out: dict[int, list[dict]] = {}
    for mid, (code, title, sid, period) in due.items():
        if (mid, period.label) not in entered:
            out.setdefault(sid, []).append({"code": code, "title": title, "period": period})
    return out


def record_reminders(session: Session, today: date, base_url: str, now: datetime) -> int:
    working_days = int(settings.get("RETURN_DUE_WORKING_DAYS"))
    before = int(settings.get("REMINDER_WORKING_DAYS"))
    users = list(session.scalars(select(User).where(User.active.is_(True))))
    services = {s.id: s for s in session.scalars(select(Service))}
    recorded = 0
    for month in schedule.months_to_watch(today):
        due = schedule.due_date(month, working_days)
        ahead = schedule.working_days_between(today, due)
        if 0 <= ahead <= before or (ahead < 0 and -ahead <= 10):
            set_in_cycle = cycle.due_dates(session.connection(), month.widen("quarter"))
            missing = {sid: ms for sid, ms in _missing_returns(session, month).items() if sid not in set_in_cycle}
        if 0 <= ahead <= before:
            for user in (u for u in users if u.role == "editor"):
                mine = [sid for (sid,) in session.execute(select(UserService.service_id)
                                                          .where(UserService.user_id == user.id))]
                rows = [(services[sid].name, m) for sid in mine for m in missing.get(sid, [])]
                if not rows:
                    continue
                link = _link(base_url, f"/entry?month={month.label}")
                subject = f"Reminder: {len(rows)} figure(s) for {month.name} are due by {due:%A %d %B %Y}"
                text = (f"{subject}.\n" + mail.text_table(["Service", "Measure", "Period"],
                                                         [[s, f"{m['code']} {m['title']}", m['period'].name]
                                                          for s, m in rows]) + f"\nEnter them: {link}\n")
                blocks = [f"<p>{e(subject)}.</p>",
                          mail.table("Still to enter", ["Service", "Measure", "Period"],
                                     [[s, f"{m['code']} {m['title']}", m["period"].name] for s, m in rows]),
                          f"<p><a href=\"{e(link)}\">Enter them on the data entry page</a></p>"]
                recorded += outbox.enqueue(session, user, outbox.Draft(f"reminder:{month.label}", "reminder",
                                                                      subject, text, blocks, link), now=now) is not None
        elif ahead < 0 and -ahead <= 10:
            if not missing:
                continue
            rows = [[services[sid].name, str(len(ms)), ", ".join(m["code"] for m in ms[:12])
                     + (" …" if len(ms) > 12 else "")] for sid, ms in sorted(missing.items(),
                                                                             key=lambda kv: services[kv[0]].name)]
            subject = f"Late returns for {month.name}: {len(rows)} service(s), due {due:%d %B %Y}"
            text = f"{subject}.\n" + mail.text_table(["Service", "Measures missing", "Codes"], rows) + "\n"
            blocks = [f"<p>{e(subject)}.</p>", mail.table("Late returns", ["Service", "Measures missing", "Codes"],
                                                          rows)]
            for user in (u for u in users if u.role == "officer"):
                recorded += outbox.enqueue(session, user, outbox.Draft(f"late:{month.label}", "late_returns",
                                                                      subject, text, blocks), now=now) is not None
    return recorded


def record_cycle(session: Session, today: date, base_url: str, now: datetime) -> int:
    """Reminders and late lists from the workbench's reporting cycle, where a quarter's due date is set for a
    service: its editors are reminded before that date of the figures still to return (submitted or approved), and
    the performance team gets the chase list once it has passed. The monthly rule above covers the rest."""
    before = int(settings.get("REMINDER_WORKING_DAYS"))
    users = list(session.scalars(select(User).where(User.active.is_(True))))
    current = Period.of_date(today, "quarter")
    recorded = 0
    for quarter in (current.previous(), current):
        returns = cycle.cycle(session.connection(), quarter.label, today)
        for row in returns.returns:
            if row["due_on"] is None or row["status"] != "due":
                continue
            if schedule.working_days_between(today, row["due_on"]) > before:
                continue
            editors = [u for u in users if u.role == "editor" and session.get(UserService, (u.id, row["service_id"]))]
            subject = (f"Reminder: {len(row['missing'])} figure(s) of {row['service']}'s return for {quarter.name} "
                       f"are due by {row['due_on']:%A %d %B %Y}")
            link = _link(base_url, "/entry")
            rows = [[row["service"], figure] for figure in row["missing"]]
            text = f"{subject}.\n" + mail.text_table(["Service", "Figure"], rows) + f"\nEnter them: {link}\n"
            blocks = [f"<p>{e(subject)}.</p>", mail.table("Still to return", ["Service", "Figure"], rows),
                      f"<p><a href=\"{e(link)}\">Enter them on the data entry page</a></p>"]
            draft = outbox.Draft(f"reminder:{quarter.label}:{row['service_slug']}", "reminder", subject, text,
                                 blocks, link)
            recorded += sum(outbox.enqueue(session, u, draft, now=now) is not None for u in editors)
        late = [r for r in returns.chase if schedule.working_days_between(r["due_on"], today) <= 10]
        if late:
            rows = [[r["service"], f"{r['due_on']:%d %b %Y}", str(len(r["missing"])),
                     ", ".join(r["missing"][:8]) + (" …" if len(r["missing"]) > 8 else "")] for r in late]
            subject = f"Late returns for {quarter.name}: {len(late)} service(s)"
            text = f"{subject}.\n" + mail.text_table(["Service", "Due", "Missing", "Figures"], rows) + "\n"
            blocks = [f"<p>{e(subject)}.</p>", mail.table("The chase list", ["Service", "Due", "Missing", "Figures"],
                                                          rows),
                      f"<p><a href=\"{e(_link(base_url, '/workbench?section=cycle&quarter=' + quarter.label))}\">"
                      "See the reporting cycle</a></p>"]
            key = f"late:{quarter.label}:" + ",".join(sorted(r["service_slug"] for r in late))
            draft = outbox.Draft(key, "late_returns", subject, text, blocks)
            recorded += sum(outbox.enqueue(session, u, draft, now=now) is not None
                            for u in users if u.role == "officer")
    return recorded


def record_published(session: Session, base_url: str, now: datetime) -> int:
    """A quarterly digest for members and above when a period is published (within the last week): the newest
    such period only, so publishing several at once (a first load, a catch-up) sends one message, not one each."""
    recent = [Period.parse(p.period) for p in session.scalars(
        select(PublishedPeriod).where(PublishedPeriod.published_at >= now - timedelta(days=7)))]
    if not recent:
        return 0
    period = max(recent)
    users = [u for u in session.scalars(select(User).where(User.active.is_(True)))
             if access.RANK[u.role] >= access.RANK["member"]]
    keys = {f"published:{period.label}:user:{u.id}" for u in users}
    if not keys - set(session.scalars(select(Notification.key).where(Notification.key.in_(keys)))):
        return 0                                    # everyone has been told already: nothing to work out
    conn = session.connection()
    viewer = access.Viewer(role="member", username="digest")
    measures = access.hide_names(loaders.measures(conn), viewer)
    results = summary.own(summary.evaluate(measures, access.figures(conn, measures["id"], viewer), period))
    headline = summary.headline(results)
    attention = results[results["needs_attention"]].sort_values(["severity", "code"], ascending=[False, True])
    rows = [[r["code"], r["title"], r["status"].label, r["value_text"] or "", r["target_text"] or ""]
            for r in attention.head(15).to_dict("records")]
    link = _link(base_url, f"/?period={period.label}")
    subject = f"{period.name}: performance figures published"
    text = (f"{subject}.\n{headline}.\n\nNeeding attention:\n"
            + mail.text_table(["Code", "Measure", "Status", "Figure", "Target"], rows) + f"\n\nSee all: {link}\n")
    blocks = [f"<p>{e(headline)}.</p>",
              mail.table("Needing attention", ["Code", "Measure", "Status", "Figure", "Target"], rows)
              if rows else "<p>No measure needs attention.</p>",
              f"<p><a href=\"{e(link)}\">See the quarter on the dashboard</a></p>"]
    draft = outbox.Draft(f"published:{period.label}", "published", subject, text, blocks, link)
    return sum(outbox.enqueue(session, user, draft, now=now) is not None for user in users)


def _digest_key(delivery: str, today: date) -> str | None:
    if delivery == WEEKLY:
        iso = today.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if delivery == MONTHLY:
        return f"{today.year}-{today.month:02d}"
    return None


def _actions_in_scope(session: Session, user: User, today: date) -> list[dict]:
    q = select(Measure.id)
    if user.role != "officer":
        services = select(UserService.service_id).where(UserService.user_id == user.id)
        q = q.where((Measure.service_id.in_(services)) | (Measure.owner_user_id == user.id))
    ids = list(session.scalars(q))
    if not ids:
        return []
    actions = progress.with_overdue(records.intervention_actions(session.connection(), ids), today)
    soon = today + timedelta(days=14)
    codes = dict(session.execute(select(Measure.id, Measure.code).where(Measure.id.in_(ids))).all())
    out = []
    for a in actions.to_dict("records"):
        due = a["due_date"]
        if a["status"] == "completed" or due is None or due != due or due > soon:
            continue
        out.append({"code": codes.get(a["measure_id"], ""), "title": a["title"], "due": due,
                    "state": "Overdue" if a["overdue"] else "Due soon"})
    return sorted(out, key=lambda a: a["due"])


def _linked(text: str, link: str | None) -> str:
    return f'<a href="{e(link)}">{e(text)}</a>' if link else e(text)


def record_digests(session: Session, today: date, base_url: str, now: datetime) -> int:
    made = 0
    for user in session.scalars(select(User).where(User.active.is_(True), User.email.is_not(None))):
        if access.RANK[user.role] < access.RANK["editor"]:
            continue
        delivery = outbox.preference(session, user, "digest")
        key = _digest_key(delivery, today)
        if key is None or session.scalar(select(Notification.id).where(
                Notification.key == f"digest:{key}:user:{user.id}")) is not None:
            continue
        items = outbox.pending_digest_items(session, user.id)
        actions = _actions_in_scope(session, user, today)
        if not items and not actions:
            continue
        word = "Weekly" if delivery == WEEKLY else "Monthly"
        subject = f"{word} performance digest: {len(items)} change(s), {len(actions)} action(s) due or overdue"
        text = [subject + "."]
        blocks = [f"<p>{e(subject)}.</p>"]
        if items:
            text += ["", "What changed:"] + [f"- {n.subject} {n.link or ''}".rstrip() for n in items]
            blocks.append("<h2 style=\"font-size:18px\">What changed</h2><ul>"
                          + "".join(f"<li>{_linked(n.subject, n.link)}</li>" for n in items) + "</ul>")
        if actions:
            rows = [[a["state"], a["code"], a["title"], f"{a['due']:%d %b %Y}"] for a in actions]
            text += ["", "Actions due or overdue:", mail.text_table(["State", "Measure", "Action", "Due"], rows)]
            blocks.append("<h2 style=\"font-size:18px\">Actions due or overdue</h2>"
                          + mail.table("Actions", ["State", "Measure", "Action", "Due"], rows))
        digest = outbox.enqueue(session, user, outbox.Draft(f"digest:{key}", "digest", subject, "\n".join(text),
                                                            blocks, _link(base_url, "/")),
                                force_delivery="immediate", now=now)
        if digest is not None:
            session.flush()
            for n in items:
                n.status, n.digest_id = "in_digest", digest.id
            made += 1
    return made


def run(engine: Engine, *, secret: str, today: date | None = None, now: datetime | None = None,
        config: mail.Config | None = None, mailer=None) -> Report:
    """Find and record what is new (one transaction), then send what is due (a transaction per message)."""
    today, now = today or clock.today(), now or utcnow()
    config = config or mail.Config.from_settings()
    base_url = settings.get("APP_URL")
    report = Report(mail_configured=config.configured)
    with Session(engine) as s, s.begin():
        report.events, report.recorded = record_alerts(s, base_url, now)
        report.recorded += record_reminders(s, today, base_url, now)
        report.recorded += record_cycle(s, today, base_url, now)
        report.recorded += record_published(s, base_url, now)
        report.digests = record_digests(s, today, base_url, now)
    report.delivered = outbox.deliver(engine, config, secret=secret, base_url=base_url, now=now, mailer=mailer)
    return report


__all__ = ["run", "Report", "BY_KEY", "DIGEST", "NEVER"]
