"""Write, list and prune backup archives of a SQLite database, the uploads and the models."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import sqlite3
import tarfile
import tempfile
import zlib
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.engine import make_url

from core.backup.manifest import (
    DATABASE_MEMBER,
    MANIFEST_NAME,
    BackupError,
    FileEntry,
    Manifest,
    archive_name,
    archive_sort_key,
    hash_file,
)
from core.db import utcnow

BUSY_TIMEOUT_S = 30.0


class UnsupportedEngineError(BackupError):
    """The database engine has no backup implementation yet."""


class HashingReader:
    """Read from a binary file while hashing what was read."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        """Read up to size bytes and add them to the hash."""
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk


def sqlite_path(database_url: str) -> Path:
    """Return the file of a SQLite database URL, refusing other engines and memory databases."""
    url = make_url(database_url)
    engine = url.get_backend_name()
    if engine != "sqlite":
        raise UnsupportedEngineError(
            f"Backups of {engine} databases are not implemented yet: ShopTwin only snapshots "
            "SQLite. A logical export for PostgreSQL is planned; until then use pg_dump."
        )
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database has no file to back up.")
    return Path(url.database).resolve()


def integrity_check(path: Path) -> str:
    """Return SQLite's PRAGMA integrity_check verdict for a database file ("ok" when sound)."""
    with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as exc:
            return str(exc)
    return "\n".join(str(row[0]) for row in rows)


def alembic_revision(conn: sqlite3.Connection) -> str | None:
    """Return the database's Alembic heads separated by spaces, or None if it has none."""
    try:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.OperationalError:
        return None
    return " ".join(sorted(row[0] for row in rows)) or None


def snapshot_sqlite(source: Path, target: Path) -> str | None:
    """Copy a live SQLite database into target in one read transaction; return its revision."""
    if not source.is_file():
        raise BackupError(f"There is no database at {source}.")
    src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_S)
    dst = sqlite3.connect(target)
    try:
        # pages=-1 copies every page in one step, inside one read transaction, so the copy is
        # the database as of one instant even while the app keeps writing (WAL lets it).
        src.backup(dst, pages=-1)
        dst.execute("PRAGMA journal_mode=DELETE")
        revision = alembic_revision(dst)
    finally:
        dst.close()
        src.close()
    verdict = integrity_check(target)
    if verdict != "ok":
        raise BackupError(f"The database snapshot failed its integrity check: {verdict}")
    return revision


def folder_members(name: str, folder: Path) -> Iterator[tuple[Path, str]]:
    """Yield each regular file under folder with its member name in the archive."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, f"{name}/{path.relative_to(folder).as_posix()}"


def add_member(tar: tarfile.TarFile, path: Path, entry: FileEntry) -> None:
    """Add a file to the archive, refusing it if it changed since it was hashed."""
    with path.open("rb") as handle:
        info = tar.gettarinfo(arcname=entry.path, fileobj=handle)
        changed = BackupError(f"{entry.path} changed during the backup; run it again.")
        if info.size != entry.size:
            raise changed
        reader = HashingReader(handle)
        try:
            tar.addfile(info, reader)  # type: ignore[arg-type]
        except OSError as exc:
            raise changed from exc
        if reader.digest.hexdigest() != entry.sha256:
            raise changed


def write_archive(target: Path, manifest: Manifest, members: list[tuple[Path, str]]) -> None:
    """Write the manifest first, then every member, into a gzip tar at target and fsync it."""
    data = manifest.model_dump_json(indent=2).encode()
    with tarfile.open(target, "w:gz") as tar:
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size = len(data)
        info.mtime = int(manifest.created_at.timestamp())
        info.mode = 0o644
        tar.addfile(info, io.BytesIO(data))
        for (path, _member), entry in zip(members, manifest.files, strict=True):
            add_member(tar, path, entry)
    with target.open("rb") as handle:
        os.fsync(handle.fileno())


def free_archive_path(dest: Path, stamp: datetime) -> Path:
    """Return an archive path in dest for this time that no file uses yet."""
    counter = 1
    while (dest / archive_name(stamp, counter)).exists():
        counter += 1
    return dest / archive_name(stamp, counter)


def create_backup(
    database_url: str,
    folders: Mapping[str, Path],
    dest: Path,
    version: str,
    now: datetime | None = None,
) -> Path:
    """Write one archive of the database snapshot and the folders into dest; return its path."""
    source = sqlite_path(database_url)
    dest = dest.resolve()
    for name, folder in folders.items():
        if dest.is_relative_to(folder.resolve()):
            raise BackupError(f"The backup folder {dest} must not be inside the {name} folder.")
    dest.mkdir(parents=True, exist_ok=True)
    stamp = (now or utcnow()).replace(microsecond=0)
    with tempfile.TemporaryDirectory(dir=dest, prefix=".shoptwin-backup-") as work:
        snapshot = Path(work) / "shoptwin.db"
        revision = snapshot_sqlite(source, snapshot)
        members = [(snapshot, DATABASE_MEMBER)]
        for name, folder in folders.items():
            members.extend(folder_members(name, folder))
        manifest = Manifest(
            version=version,
            created_at=stamp,
            alembic_revision=revision,
            files=[hash_file(path, member) for path, member in members],
        )
        partial = Path(work) / "archive.tar.gz"
        write_archive(partial, manifest, members)
        final = free_archive_path(dest, stamp)
        os.replace(partial, final)
    fsync_directory(dest)
    return final


def fsync_directory(path: Path) -> None:
    """Make a rename inside a directory durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def archives_in(dest: Path) -> list[Path]:
    """Return the backup archives in dest, oldest first."""
    if not dest.is_dir():
        return []
    found = [(key, path) for path in dest.iterdir() if (key := archive_sort_key(path))]
    return [path for _key, path in sorted(found)]


def prune_backups(dest: Path, keep: int) -> list[Path]:
    """Delete all but the newest keep archives in dest; return the deleted paths."""
    if keep < 1:
        raise BackupError("Keep at least one backup.")
    doomed = archives_in(dest)[:-keep]
    for path in doomed:
        path.unlink()
    return doomed


def read_manifest(archive: Path) -> Manifest:
    """Return the manifest stored first in an archive, without unpacking the rest."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.next()
            handle = tar.extractfile(member) if member else None
            if member is None or member.name != MANIFEST_NAME or handle is None:
                raise BackupError(f"{archive.name} does not start with a manifest.")
            return Manifest.model_validate_json(handle.read())
    except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as exc:
        raise BackupError(f"{archive.name} is not a readable backup: {exc}") from exc
