"""The `flask backup` commands: create, list and restore archives."""

from __future__ import annotations

from pathlib import Path

import click
import flask_migrate
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import AppGroup

from core.backup.create import (
    UnsupportedEngineError,
    archives_in,
    create_backup,
    prune_backups,
    read_manifest,
    sqlite_path,
)
from core.backup.manifest import BackupError
from core.backup.restore import apply_restore, stage_restore
from core.config import VERSION
from core.extensions import db

backup_cli = AppGroup(
    "backup", help="Back up and restore the database, uploads and trained models."
)
DIRECTORY = click.Path(file_okay=False, path_type=Path)


class EngineNotSupported(click.ClickException):
    """The configured database engine cannot be backed up by this command (exit code 2)."""

    exit_code = 2


def app_folders() -> dict[str, Path]:
    """Return the folders that go into a backup, by their name inside the archive."""
    config = current_app.config
    return {"uploads": Path(config["UPLOAD_FOLDER"]), "models": Path(config["MODEL_FOLDER"])}


def default_directory() -> Path:
    """Return the instance's backups folder."""
    return Path(current_app.instance_path) / "backups"


def database_url() -> str:
    """Return the configured database URL, refusing engines that have no backup yet."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    try:
        sqlite_path(url)
    except UnsupportedEngineError as exc:
        raise EngineNotSupported(str(exc)) from None
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    return url


@backup_cli.command("create")
@click.argument("directory", required=False, type=DIRECTORY)
@click.option(
    "--keep", type=click.IntRange(min=1), help="Then delete all but the newest N archives here."
)
def create_command(directory: Path | None, keep: int | None) -> None:
    """Write one timestamped archive of the database, uploads and models; print its path.

    DIRECTORY defaults to the instance's backups folder. Safe while the app is running.
    """
    directory = directory or default_directory()
    url = database_url()
    try:
        path = create_backup(url, app_folders(), directory, VERSION)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(path)
    if keep:
        for old in prune_backups(directory, keep):
            click.echo(f"Deleted old backup {old}", err=True)


@backup_cli.command("list")
@click.argument("directory", required=False, type=DIRECTORY)
def list_command(directory: Path | None) -> None:
    """List the archives in DIRECTORY (default: the instance's backups folder), oldest first."""
    archives = archives_in(directory or default_directory())
    if not archives:
        click.echo("No backups.")
    for path in archives:
        size = f"{path.stat().st_size / 1e6:8.1f} MB"
        try:
            manifest = read_manifest(path)
        except BackupError as exc:
            click.echo(f"{path}  {size}  UNREADABLE: {exc}")
            continue
        files = len(manifest.files)
        click.echo(
            f"{path}  {size}  {manifest.created_at:%Y-%m-%d %H:%M:%S}Z  v{manifest.version}  "
            f"revision {manifest.alembic_revision or '-'}  {files} files"
        )


@backup_cli.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(archive: Path, yes: bool) -> None:
    """Replace the database, uploads and models with those in ARCHIVE.

    Stop the service first (sudo systemctl stop shoptwin) and start it again afterwards.
    The archive is checked completely (checksums, database integrity, schema revision)
    before anything changes. The current data is moved, never deleted, to a
    pre-restore-<time> folder in the instance; an older schema is upgraded afterwards.
    """
    url = database_url()
    instance = Path(current_app.instance_path)
    folders = app_folders()
    migrate_config = current_app.extensions["migrate"].migrate.get_config()
    script = ScriptDirectory.from_config(migrate_config)
    try:
        staged = stage_restore(archive, instance, folders, script)
    except BackupError as exc:
        raise click.ClickException(f"Nothing was changed. {exc}") from None
    manifest = staged.manifest
    try:
        click.echo(
            f"{archive.name}: made {manifest.created_at:%Y-%m-%d %H:%M:%S}Z by ShopTwin "
            f"{manifest.version}, revision {manifest.alembic_revision or '-'}, "
            f"{len(manifest.files)} files, checksums and integrity ok."
        )
        if not yes:
            click.confirm(
                "Replace the current database, uploads and models with it? "
                "(The current ones are kept in a pre-restore folder.)",
                abort=True,
            )
        db.session.remove()
        db.engine.dispose()
        aside = apply_restore(staged, url, folders, instance)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        staged.discard()
    click.echo(f"Restored. The previous data is in {aside}")
    if staged.needs_upgrade:
        click.echo("Upgrading the restored database to this version's schema.")
        flask_migrate.upgrade()
