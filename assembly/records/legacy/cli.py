"""The `flask assembly` command group: import-legacy."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from assembly.records import legacy
from assembly.records.legacy.importer import import_legacy
from core.extensions import db

assembly_cli = click.Group("assembly", help="Assembly module commands.")


@assembly_cli.command(
    "import-legacy", help=legacy.__doc__, short_help="Import the old tool's folder."
)
@click.argument(
    "directory", type=click.Path(exists=True, file_okay=False, dir_okay=True, path_type=Path)
)
@click.option("--dry-run", is_flag=True, help="Read and check everything, write nothing.")
@with_appcontext
def import_legacy_command(directory: Path, dry_run: bool) -> None:
    """Import components, projects and sessions of the old tool; report what was skipped."""
    report = import_legacy(
        db.session,
        directory,
        foot_switch_pin=current_app.config["FOOT_SWITCH_PIN"],
        dry_run=dry_run,
    )
    click.echo(report.text())
