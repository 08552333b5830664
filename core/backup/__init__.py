"""Consistent online backup and restore of the database, uploads and models."""

from __future__ import annotations

from flask import Flask

from core.backup.cli import backup_cli
from core.backup.create import archives_in, create_backup, prune_backups, read_manifest
from core.backup.manifest import BackupError, Manifest
from core.backup.restore import StagedRestore, apply_restore, stage_restore

__all__ = [
    "BackupError",
    "Manifest",
    "StagedRestore",
    "apply_restore",
    "archives_in",
    "create_backup",
    "init_app",
    "prune_backups",
    "read_manifest",
    "stage_restore",
]


def init_app(app: Flask) -> None:
    """Register the `flask backup` command group."""
    app.cli.add_command(backup_cli)
