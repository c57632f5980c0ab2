"""Account and publication commands: `flask --app app create-user | set-role | set-password | users |
publish-period | unpublish-period | council-setting`."""

from __future__ import annotations

import sys

import click

from commands import fail as _fail

from data.core import db
from data.people import access, api_keys, users
from data.core.periods import PeriodError

ROLE = click.Choice(access.ROLES)




def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=ROLE, default="member", show_default=True)
@click.option("--name", "display_name", help="Name shown in the app.")
@click.option("--service", "services", multiple=True, help="Service (slug or name) an editor may change; repeat.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@click.option("--no-password", is_flag=True, help="Single sign-on only: the account cannot sign in with a password.")
@click.option("--email", help="Where the user's notifications go.")
def create_user(username, role, display_name, services, password_stdin, no_password, email):
    """Add a user; asks for the password twice (never pass it as an argument)."""
    db.upgrade()
    password = None if no_password else _password(password_stdin)
    try:
        with db.engine().begin() as conn:
            users.create(conn, username, password, role=role, display_name=display_name, services=services,
                         email=email)
    except users.UserError as e:
        _fail(str(e))
    click.echo(f"Created {users.normalise(username)} ({role}).")


@click.command("set-role")
@click.argument("username")
@click.argument("role", type=ROLE)
@click.option("--service", "services", multiple=True, help="Replace the editor's services (slug or name); repeat.")
def set_role(username, role, services):
    """Change a user's role (and an editor's services); their current sessions end."""
    db.upgrade()
    try:
        with db.engine().begin() as conn:
            users.set_role(conn, username, role, services=services or None)
    except users.UserError as e:
        _fail(str(e))
    click.echo(f"{users.normalise(username)} is now {role}.")


@click.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True)
def set_password(username, password_stdin):
    """Set a new password; the user's current sessions end."""
    try:
        with db.engine().begin() as conn:
            users.set_password(conn, username, _password(password_stdin))
    except users.UserError as e:
        _fail(str(e))
    click.echo("Password changed.")


@click.command("deactivate-user")
@click.argument("username")
def deactivate_user(username):
    """Stop a user signing in; their current sessions end."""
    try:
        with db.engine().begin() as conn:
            users.set_active(conn, username, False)
    except users.UserError as e:
        _fail(str(e))
    click.echo(f"{users.normalise(username)} can no longer sign in.")


@click.command("users")
def list_users():
    """List users with their roles and services."""
    with db.connect() as conn:
        for u in users.listing(conn):
            state = "" if u["active"] else " (deactivated)"
            click.echo(f"{u['username']:<24} {u['role']:<8} {', '.join(u['services'])}{state}")


@click.command("publish-period")
@click.argument("period")
@click.option("--by", default=None, help="Who published it (recorded).")
@click.option("--release", default=None, help='Embargo: public from this UK date and time, "2026-12-03 09:30".')
def publish_period(period, by, release):
    """Publish a quarter ("2026/27 Q2") or a year ("2025/26"): its approved figures become public."""
    from data.reporting.workbench import release_time
    db.upgrade()
    try:
        day, _, at = (release or "").strip().partition(" ")
        release_at = release_time(day or None, at.strip() or None)
        with db.engine().begin() as conn:
            new = access.publish(conn, period, by, release_at=release_at)
    except (PeriodError, ValueError) as e:
        _fail(str(e))
    click.echo(f"Published {', '.join(new)}." if new else f"{period} was already published.")


@click.command("unpublish-period")
@click.argument("period")
def unpublish_period(period):
    """Withdraw a quarter or a year from public view."""
    try:
        with db.engine().begin() as conn:
            count = access.unpublish(conn, period)
    except (PeriodError, ValueError) as e:
        _fail(str(e))
    click.echo(f"Withdrew {count} quarter(s).")


@click.command("council-setting")
@click.argument("name", type=click.Choice(sorted(access.COUNCIL_SETTINGS)))
@click.argument("value", required=False)
def council_setting(name, value):
    """Show or change a council setting, e.g. `council-setting show_officer_names 0`."""
    db.upgrade()
    try:
        with db.engine().begin() as conn:
            if value is not None:
                access.set_council_setting(conn, name, value, source="command line")
            click.echo(f"{name} = {access.council_setting(conn, name)}")
    except ValueError as e:
        _fail(str(e))


@click.command("api-key")
@click.argument("action", type=click.Choice(["create", "revoke", "list"]))
@click.argument("who", required=False)
@click.option("--name", help="What the client is, e.g. `nightly extract` (create).")
def api_key(action, who, name):
    """Keys for officers' machine clients to the read API: `api-key create USERNAME --name TEXT` (prints the key
    once), `api-key revoke PREFIX`, `api-key list`. Clients send the key in the X-API-Key header."""
    db.upgrade()
    if action == "list":
        with db.engine().connect() as conn:
            for k in api_keys.listing(conn):
                state = f"revoked {k['revoked_at']:%Y-%m-%d %H:%M}" if k["revoked_at"] else "live"
                click.echo(f"{k['prefix']}  {k['username']:<20} {state:<24} {k['name']}")
        return
    if not who:
        _fail(f"api-key {action} needs {'a username' if action == 'create' else 'the key or its prefix'}")
    if action == "create":
        try:
            with db.engine().begin() as conn:
                key, prefix = api_keys.create(conn, who, name or "")
        except users.UserError as e:
            _fail(str(e))
        click.echo(f"Created key {prefix} for {users.normalise(who)}. It is shown once; keep it secret:")
        click.echo(key)
        return
    with db.engine().begin() as conn:
        if not api_keys.revoke(conn, who):
            _fail(f"no live key starts {who[:12]!r} (see `api-key list`)")
    click.echo(f"Revoked {who[:12]}.")


@click.command("for-publication")
@click.argument("kind", type=click.Choice(["commentary", "director", "actions"]))
@click.argument("target")
@click.argument("period")
@click.option("--off", is_flag=True, help="Take it back: internal again.")
def for_publication(kind, target, period, off):
    """Mark a measure's commentary or actions (TARGET: its code) or a director's commentary (TARGET: the
    directorate's slug) on PERIOD for publication, e.g. `for-publication director housing-and-communities "2026/27 Q2"`."""
    from data.reporting import published
    db.upgrade()
    try:
        with db.engine().begin() as conn:
            changed = published.mark(conn, kind, target, period, on=not off)
    except (ValueError, PeriodError) as e:
        _fail(str(e))
    click.echo(f"{changed} {kind} row(s) on {period} now {'internal' if off else 'for publication'}.")


COMMANDS = (create_user, set_role, set_password, deactivate_user, list_users, publish_period, unpublish_period,
            council_setting, api_key, for_publication)

