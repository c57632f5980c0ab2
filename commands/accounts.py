"""Account and publication commands: `flask --app app create-user | set-role | set-password | users |
publish-period | unpublish-period | council-setting`."""

from __future__ import annotations

import sys

import click

from data.core import db
from data.people import access, users
from data.core.periods import PeriodError

ROLE = click.Choice(access.ROLES)


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


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
def create_user(username, role, display_name, services, password_stdin, no_password):
    """Add a user; asks for the password twice (never pass it as an argument)."""
    db.upgrade()
    password = None if no_password else _password(password_stdin)
    try:
        with db.engine().begin() as conn:
            users.create(conn, username, password, role=role, display_name=display_name, services=services)
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
def publish_period(period, by):
    """Publish a quarter ("2026/27 Q2") or a year ("2025/26"): its approved figures become public."""
    db.upgrade()
    try:
        with db.engine().begin() as conn:
            new = access.publish(conn, period, by)
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
    with db.engine().begin() as conn:
        if value is not None:
            access.set_council_setting(conn, name, value)
        click.echo(f"{name} = {access.council_setting(conn, name)}")


COMMANDS = (create_user, set_role, set_password, deactivate_user, list_users, publish_period, unpublish_period,
            council_setting)

