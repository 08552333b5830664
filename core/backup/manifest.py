"""The manifest inside every backup archive, archive names and checksums."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Literal

from pydantic import BaseModel, ConfigDict, Field

MANIFEST_NAME = "manifest.json"
DATABASE_MEMBER = "database/shoptwin.db"
ARCHIVE_PREFIX = "shoptwin-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
ARCHIVE_PATTERN = re.compile(r"^shoptwin-backup-(\d{8}T\d{6}Z)(?:-(\d+))?\.tar\.gz$")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why and nothing was changed."""


class FileEntry(BaseModel):
    """One file in the archive with its size and SHA-256."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str = Field(min_length=1)
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Manifest(BaseModel):
    """What a backup holds and where it came from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal[1] = 1
    version: str
    created_at: datetime
    database_engine: Literal["sqlite"] = "sqlite"
    alembic_revision: str | None
    files: list[FileEntry]

    @property
    def revisions(self) -> tuple[str, ...]:
        """Return the database's Alembic heads (normally one)."""
        return tuple((self.alembic_revision or "").split())


def sha256_of(handle: BinaryIO) -> tuple[int, str]:
    """Return the size and hex SHA-256 of everything left in an open binary file."""
    digest = hashlib.sha256()
    size = 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def hash_file(path: Path, member: str) -> FileEntry:
    """Return the manifest entry of a file on disk stored under the member name."""
    with path.open("rb") as handle:
        size, digest = sha256_of(handle)
    return FileEntry(path=member, size=size, sha256=digest)


def archive_name(stamp: datetime, counter: int = 1) -> str:
    """Return the archive file name for a UTC time; counter > 1 breaks ties in one second."""
    suffix = "" if counter == 1 else f"-{counter}"
    return f"{ARCHIVE_PREFIX}{stamp.strftime(STAMP_FORMAT)}{suffix}{ARCHIVE_SUFFIX}"


def archive_sort_key(path: Path) -> tuple[str, int] | None:
    """Return the oldest-first sort key of a backup archive, or None for any other file."""
    match = ARCHIVE_PATTERN.match(path.name)
    if match is None:
        return None
    return match.group(1), int(match.group(2) or 1)
