"""`flask audit verify` and `flask audit tail`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from core.audit.models import iso_millis
from core.audit.service import tail, verify
from core.extensions import db

audit_cli = AppGroup("audit", help="Inspect the append-only audit log.")


@audit_cli.command("verify")
def verify_command() -> None:
    """Walk the hash chain; exit non-zero naming the first tampered entry."""
    result = verify(db.session)
    if not result.ok:
        click.echo(str(result), err=True)
        raise SystemExit(1)
    click.echo(str(result))


@audit_cli.command("tail")
@click.option("-n", "count", default=20, show_default=True, type=click.IntRange(1, 10_000))
def tail_command(count: int) -> None:
    """Print the last entries, oldest first."""
    for entry in tail(db.session, count):
        actor = f"{entry.actor_type}:{entry.actor_name}"
        subject = f"{entry.subject_type}:{entry.subject_id or '-'}"
        where = f" from {entry.remote_addr}" if entry.remote_addr else ""
        detail = f" {entry.detail}" if entry.detail else ""
        click.echo(
            f"{entry.id:>6} {iso_millis(entry.at)} {actor}{where} {entry.action} {subject}{detail}"
        )
