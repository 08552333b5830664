"""`flask users ...`: create users, list them, set a password from a shell."""

from __future__ import annotations

import getpass
import sys

import click
from flask.cli import AppGroup

from core.audit import system_actor
from core.auth import services
from core.auth.services import Actor, AuthError
from core.extensions import db
from core.roles import ROLES

users = AppGroup("users", help="Manage ShopTwin users.")


def read_password() -> str:
    """Prompt twice, hidden, on a terminal; otherwise read one line from stdin."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def shell_actor() -> Actor:
    """Return the audit actor of a shell command: the OS user who ran it."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no login name and no passwd entry for this uid
        name = "unknown"
    return system_actor(f"cli:{name}")


def _fail(error: AuthError) -> click.ClickException:
    return click.ClickException(f"{error.field or 'error'}: {error.message}")


@users.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(ROLES), help="The user's role.")
@click.option("--display-name", default=None, help="Name shown in the app (default: USERNAME).")
def create_command(username: str, role: str, display_name: str | None) -> None:
    """Create a user; the password comes from a prompt, or from stdin when piped."""
    password = read_password()
    try:
        user = services.create_user(
            db.session, username, password, role, display_name, actor=shell_actor(), via="cli"
        )
    except AuthError as error:
        raise _fail(error) from None
    click.echo(f"Created {user.role} {user.username}.")


@users.command("list")
def list_command() -> None:
    """List users: username, role, state, display name."""
    for user in services.list_users(db.session):
        state = "active" if user.active else "inactive"
        click.echo(f"{user.username:<24} {user.role:<10} {state:<8} {user.display_name}")


@users.command("set-password")
@click.argument("username")
def set_password_command(username: str) -> None:
    """Set a user's password (prompt, or stdin when piped); their sessions end."""
    user = services.get_user_by_username(db.session, username)
    if user is None:
        raise click.ClickException(f"username: no user named {username!r}")
    password = read_password()
    try:
        services.set_password(db.session, user, password, actor=shell_actor(), via="cli")
    except AuthError as error:
        raise _fail(error) from None
    click.echo(f"Password of {user.username} changed.")
