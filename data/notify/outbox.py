"""The outbox: every notification is a row before it is sent, so each event reaches each person once, a failure
is retried with back-off, and a restart sends nothing twice.

- `enqueue` writes a row keyed by event and person; a key already there writes nothing (unique constraint).
- `deliver` claims each due row (pending -> sending, in its own transaction, so two workers or two cron runs never
  take the same row), sends it, and records sent or the error. A failed send is tried again after 1, 2, 4 and 8
  minutes; after 5 attempts it is *failed*. A row left *sending* by a process that died mid-send is not sent again
  (the server may have taken it): after 15 minutes it is marked failed with that reason, for the log.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data.core.models import Notification, NotificationPreference, User, utcnow
from data.notify import mail, tokens
from data.notify.kinds import BY_KEY, DIGEST, IMMEDIATE, NEVER

MAX_ATTEMPTS = 5
STALE_SENDING = timedelta(minutes=15)


def preference(session: Session, user: User, kind: str) -> str:
    chosen = session.get(NotificationPreference, (user.id, kind))
    if chosen is not None:
        return chosen.delivery
    default = BY_KEY[kind].default
    if user.role == "officer" and default == IMMEDIATE and kind in ("below_target", "concern", "forecast_miss"):
        return DIGEST              # the performance team hears of every measure: in their digest unless they ask
    return default


def set_preference(session: Session, user_id: int, kind: str, delivery: str) -> None:
    if kind not in BY_KEY:
        raise ValueError(f"{kind!r} is not a kind of notification: one of {', '.join(BY_KEY)}")
    if delivery not in BY_KEY[kind].choices:
        raise ValueError(f"{kind} can be {', '.join(BY_KEY[kind].choices)}, not {delivery!r}")
    row = session.get(NotificationPreference, (user_id, kind))
    if row is None:
        session.add(NotificationPreference(user_id=user_id, kind=kind, delivery=delivery))
    else:
        row.delivery = delivery


@dataclass
class Draft:
    key: str
    kind: str
    subject: str
    text: str
    html_blocks: list[str]
    link: str | None = None


def enqueue(session: Session, user: User, draft: Draft, *, force_delivery: str | None = None,
            now: datetime | None = None) -> Notification | None:
    """Record one notification for one person (None when that key is already recorded)."""
    key = f"{draft.key}:user:{user.id}"
    if session.scalar(select(Notification.id).where(Notification.key == key)) is not None:
        return None
    delivery = force_delivery or preference(session, user, draft.kind)
    status, error = "pending", None
    if delivery == NEVER:
        status, error = "not_sent", "chose not to receive these"
    elif not user.email:
        status, error = "not_sent", "no e-mail address"
    elif not user.active:
        status, error = "not_sent", "account deactivated"
    row = Notification(key=key, user_id=user.id, kind=draft.kind,
                       delivery=DIGEST if delivery == DIGEST else IMMEDIATE, subject=draft.subject,
                       body_text=draft.text, body_html="".join(draft.html_blocks), link=draft.link,
                       created_at=now or utcnow(), status=status, attempts=0, address=user.email, error=error)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:          # another process recorded the same key a moment ago
        return None
    return row


@dataclass
class Delivered:
    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def _claim(engine: Engine, notification_id: int, now: datetime) -> bool:
    with engine.begin() as conn:
        claimed = conn.execute(update(Notification)
                               .where(Notification.id == notification_id, Notification.status == "pending")
                               .values(status="sending", attempts=Notification.attempts + 1, next_attempt_at=now))
        return claimed.rowcount == 1


def _give_up_on_interrupted(engine: Engine, now: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(update(Notification)
                     .where(Notification.status == "sending", Notification.next_attempt_at < now - STALE_SENDING)
                     .values(status="failed", error="interrupted while sending; not sent again, so that nobody "
                                                    "gets it twice"))


def unsubscribe_url(base_url: str, secret: str, user_id: int, kind: str) -> str:
    return f"{base_url.rstrip('/')}/notifications/unsubscribe?t={tokens.make(secret, user_id, kind)}"


def footer(base_url: str, unsubscribe: str, kind: str) -> str:
    return (f"You get this because of your notification settings ({mail.e(BY_KEY[kind].label)}). "
            f"<a href=\"{mail.e(base_url.rstrip('/'))}/notifications\">Change your settings</a> or "
            f"<a href=\"{mail.e(unsubscribe)}\">stop these e-mails</a>.")


def deliver(engine: Engine, config: mail.Config, *, secret: str, base_url: str, now: datetime | None = None,
            mailer=None) -> Delivered:
    """Send every pending immediate notification that is due; returns what happened to each."""
    now = now or utcnow()
    done = Delivered()
    _give_up_on_interrupted(engine, now)
    with Session(engine) as s:
        due = s.scalars(select(Notification.id).where(
            Notification.status == "pending", Notification.delivery == IMMEDIATE,
            or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= now))
            .order_by(Notification.id)).all()
    if not config.configured:
        if due:
            with engine.begin() as conn:
                conn.execute(update(Notification).where(Notification.id.in_(due))
                             .values(status="not_sent", error="no mail server: SMTP_HOST is not set"))
        return done
    mailer = mailer or mail.Mailer(config)
    for notification_id in due:
        if not _claim(engine, notification_id, now):
            continue
        with Session(engine) as s, s.begin():
            n = s.get(Notification, notification_id)
            unsubscribe = unsubscribe_url(base_url, secret, n.user_id, n.kind)
            body = mail.page(n.subject, [n.body_html], footer(base_url, unsubscribe, n.kind))
            text = f"{n.body_text}\n\n--\nChange your settings: {base_url.rstrip('/')}/notifications\n" \
                   f"Stop these e-mails: {unsubscribe}\n"
            msg = mail.message(config.sender, n.address, n.subject, text, body, key=n.key, unsubscribe=unsubscribe)
            try:
                mailer.send(msg)
            except (smtplib.SMTPException, OSError) as error:
                n.error = f"{type(error).__name__}: {error}"[:500]
                if n.attempts >= MAX_ATTEMPTS:
                    n.status = "failed"
                    done.failed.append(n.id)
                else:
                    n.status, n.next_attempt_at = "pending", now + timedelta(minutes=2 ** (n.attempts - 1))
                    done.retrying.append(n.id)
                continue
            n.status, n.sent_at, n.error = "sent", now, None
            done.sent.append(n.id)
    return done


def log(session: Session, limit: int = 100, user_id: int | None = None) -> list[dict]:
    """The newest notifications: who, what, when, and whether it was delivered."""
    q = (select(Notification, User.username).join(User, User.id == Notification.user_id)
         .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit))
    if user_id is not None:
        q = q.where(Notification.user_id == user_id)
    return [{"id": n.id, "when": n.created_at, "who": name, "kind": BY_KEY[n.kind].label if n.kind in BY_KEY
             else n.kind, "subject": n.subject, "status": n.status, "attempts": n.attempts, "sent_at": n.sent_at,
             "error": n.error} for n, name in session.execute(q).all()]


def pending_digest_items(session: Session, user_id: int) -> list[Notification]:
    return list(session.scalars(select(Notification).where(
        and_(Notification.user_id == user_id, Notification.delivery == DIGEST, Notification.status == "pending"))
        .order_by(Notification.created_at, Notification.id)))


def choices_for(session: Session, username: str) -> tuple[User | None, list[tuple]]:
    """(the user, [(kind, chosen delivery)]) for the kinds their role receives, in KINDS order."""
    from data.notify.kinds import KINDS
    from data.people.access import RANK
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        return None, []
    return user, [(k, preference(session, user, k.key)) for k in KINDS if RANK[user.role] >= RANK[k.role]]
