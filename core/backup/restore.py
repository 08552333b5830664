"""Verify a backup archive completely, then swap it in and keep the current data aside."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tarfile
import tempfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from pydantic import ValidationError

from core.backup.create import alembic_revision, integrity_check, sqlite_path
from core.backup.manifest import (
    DATABASE_MEMBER,
    MANIFEST_NAME,
    STAMP_FORMAT,
    BackupError,
    Manifest,
    hash_file,
)
from core.db import utcnow

SQLITE_SIDE_FILES = ("", "-wal", "-shm", "-journal")


@dataclass(frozen=True)
class StagedRestore:
    """An archive unpacked next to the instance and fully verified, ready to swap in."""

    archive: Path
    manifest: Manifest
    staging: Path
    needs_upgrade: bool

    def discard(self) -> None:
        """Remove what is left of the unpacked archive."""
        shutil.rmtree(self.staging, ignore_errors=True)


def unpack(archive: Path, staging: Path) -> None:
    """Unpack an archive's regular files and folders into staging, refusing anything else."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if not (member.isfile() or member.isdir()):
                    raise BackupError(f"{archive.name} holds an unexpected entry {member.name}.")
                tar.extract(member, staging, filter="data")
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise BackupError(f"{archive.name} is damaged or not a backup archive: {exc}") from exc


def verify_unpacked(staging: Path, folders: Mapping[str, Path]) -> Manifest:
    """Check the unpacked files against the manifest and the database's integrity."""
    try:
        manifest = Manifest.model_validate_json((staging / MANIFEST_NAME).read_bytes())
    except (OSError, ValidationError) as exc:
        raise BackupError(f"The archive has no valid {MANIFEST_NAME}: {exc}") from exc
    expected = {entry.path: entry for entry in manifest.files}
    found = {p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()}
    found.discard(MANIFEST_NAME)
    if found != set(expected):
        unlisted = sorted(found - set(expected)) + sorted(set(expected) - found)
        raise BackupError(f"The archive does not match its manifest: {', '.join(unlisted)}")
    allowed = {DATABASE_MEMBER.split("/")[0], *folders}
    strangers = sorted(path for path in expected if path.split("/")[0] not in allowed)
    if DATABASE_MEMBER not in expected or strangers:
        raise BackupError(f"The archive has an unexpected layout: {', '.join(strangers)}")
    for entry in manifest.files:
        if hash_file(staging / entry.path, entry.path) != entry:
            raise BackupError(f"{entry.path} does not match its checksum: the archive is damaged.")
    database = staging / DATABASE_MEMBER
    verdict = integrity_check(database)
    if verdict != "ok":
        raise BackupError(f"The archived database failed its integrity check: {verdict}")
    with contextlib.closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)) as conn:
        revision = alembic_revision(conn)
    if revision != manifest.alembic_revision:
        raise BackupError(
            f"The archived database is at revision {revision}, "
            f"its manifest says {manifest.alembic_revision}."
        )
    return manifest


def needs_upgrade(manifest: Manifest, script: ScriptDirectory) -> bool:
    """Tell whether the archived schema is older than this code, refusing a newer one."""
    for revision in manifest.revisions:
        try:
            script.get_revision(revision)
        except (RevisionError, CommandError):
            raise BackupError(
                f"The archived database is at revision {revision}, which this version of "
                "ShopTwin does not know: it comes from newer code. Install that version first."
            ) from None
    return set(manifest.revisions) != set(script.get_heads())


def stage_restore(
    archive: Path, instance: Path, folders: Mapping[str, Path], script: ScriptDirectory
) -> StagedRestore:
    """Unpack and verify an archive next to the instance; change nothing that is in use."""
    if not archive.is_file():
        raise BackupError(f"There is no archive at {archive}.")
    instance.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=instance, prefix=".restore-"))
    try:
        unpack(archive, staging)
        manifest = verify_unpacked(staging, folders)
        upgrade = needs_upgrade(manifest, script)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return StagedRestore(archive, manifest, staging, upgrade)


def aside_folder(instance: Path) -> Path:
    """Create and return a new pre-restore-<UTC time> folder in the instance."""
    stamp = utcnow().strftime(STAMP_FORMAT)
    for counter in range(1, 1000):
        path = instance / (f"pre-restore-{stamp}" + (f"-{counter}" if counter > 1 else ""))
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path
    raise BackupError(f"Too many pre-restore folders for {stamp} in {instance}.")


def apply_restore(
    staged: StagedRestore, database_url: str, folders: Mapping[str, Path], instance: Path
) -> Path:
    """Move the current database and folders aside, put the staged ones in; return the aside."""
    database = sqlite_path(database_url)
    aside = aside_folder(instance)
    moved: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    current = [Path(f"{database}{suffix}") for suffix in SQLITE_SIDE_FILES]
    current_targets = [aside / "database" / path.name for path in current]
    current += folders.values()
    current_targets += [aside / name for name in folders]
    try:
        (aside / "database").mkdir()
        for path, target in zip(current, current_targets, strict=True):
            if path.exists():
                shutil.move(path, target)
                moved.append((path, target))
        database.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staged.staging / DATABASE_MEMBER, database)
        placed.append(database)
        for name, folder in folders.items():
            folder.parent.mkdir(parents=True, exist_ok=True)
            source = staged.staging / name
            if source.is_dir():
                shutil.move(source, folder)
            else:
                folder.mkdir()
            placed.append(folder)
    except OSError as exc:
        for path in placed:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        for path, target in reversed(moved):
            shutil.move(target, path)
        raise BackupError(f"Restore failed and was rolled back: {exc}") from exc
    finally:
        staged.discard()
    return aside
