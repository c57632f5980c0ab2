"""Notification commands: `flask --app app send-notifications | set-email | link-owner | notification-preference`."""

from __future__ import annotations


import click

from commands import fail as _fail
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from data.core import db
from data.core.models import Measure, User
from data.notify import outbox, run
from data.notify.kinds import BY_KEY
from data.people import users
from ops.jobs import secret




@click.command("send-notifications")
def send_notifications():
    """Find what is new (alerts, reminders, digests, published quarters), send what is due, and exit (for cron)."""
    db.upgrade()
    try:
        report = run.run(db.engine(), secret=secret())
    except ValueError as e:
        _fail(str(e))
    for line in report.lines():
        click.echo(line)


@click.command("set-email")
@click.argument("username")
@click.argument("address", required=False)
def set_email(username, address):
    """Set (or, with no address, remove) where a user's notifications go."""
    db.upgrade()
    try:
        with db.engine().begin() as conn:
            users.set_email(conn, username, address)
    except users.UserError as e:
        _fail(str(e))
    click.echo(f"{users.normalise(username)}: {address.strip() if address else 'no e-mail address'}")


@click.command("link-owner")
@click.argument("code")
@click.argument("username", required=False)
def link_owner(code, username):
    """Link a measure's owner to a user (who then gets its alerts); with no username, unlink it."""
    db.upgrade()
    with Session(db.engine()) as s, s.begin():
        measure_id = s.scalar(select(Measure.id).where(Measure.code == code.strip().upper()))
        if measure_id is None:
            _fail(f"{code} is not a measure in this council")
        user_id = None
        if username:
            user_id = s.scalar(select(User.id).where(User.username == users.normalise(username)))
            if user_id is None:
                _fail(f"no user {users.normalise(username)!r}")
        s.execute(update(Measure).where(Measure.id == measure_id).values(owner_user_id=user_id))
    click.echo(f"{code.strip().upper()}: owner {'linked to ' + users.normalise(username) if username else 'unlinked'}")


@click.command("notification-preference")
@click.argument("username")
@click.argument("kind", type=click.Choice(list(BY_KEY)))
@click.argument("delivery")
def notification_preference(username, kind, delivery):
    """Choose how a user gets one kind of notification (immediate, digest or never; the digest: weekly, monthly
    or never)."""
    db.upgrade()
    try:
        with Session(db.engine()) as s, s.begin():
            user_id = s.scalar(select(User.id).where(User.username == users.normalise(username)))
            if user_id is None:
                _fail(f"no user {users.normalise(username)!r}")
            outbox.set_preference(s, user_id, kind, delivery)
    except ValueError as e:
        _fail(str(e))
    click.echo(f"{users.normalise(username)}: {kind} = {delivery}")


COMMANDS = (send_notifications, set_email, link_owner, notification_preference)
