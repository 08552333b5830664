"""Locks that keep a second process from starting a second clock."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Protocol

import filelock
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import NullPool

LOCK_TAKEN = "another process holds the clock lock"


def advisory_key(device_id: str) -> int:
    """Return the advisory-lock key of one device's clock (a signed 64-bit number)."""
    digest = hashlib.sha256(f"shoptwin.clock:{device_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class ClockLock(Protocol):
    """A lock that only one process per host (or database) can hold."""

    def acquire(self) -> bool:
        """Take the lock without waiting; tell whether it was taken."""
        ...

    def release(self) -> None:
        """Give the lock back."""
        ...


class FileClockLock:
    """An exclusive file lock, e.g. next to a SQLite database file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = filelock.FileLock(path, thread_local=False)

    def acquire(self) -> bool:
        """Take the file lock without waiting."""
        try:
            self._lock.acquire(blocking=False)
        except filelock.Timeout:
            return False
        return True

    def release(self) -> None:
        """Unlock the file."""
        self._lock.release(force=True)


class AdvisoryClockLock:
    """A PostgreSQL session advisory lock held on a dedicated connection."""

    def __init__(self, url: str, key: int) -> None:
        self.url = url
        self.key = key
        self._connection: Connection | None = None

    def acquire(self) -> bool:
        """Try pg_try_advisory_lock on a connection kept open while the lock is held."""
        connection = create_engine(self.url, poolclass=NullPool).connect()
        taken = connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key})
        if taken.scalar_one():
            connection.commit()
            self._connection = connection
            return True
        connection.close()
        return False

    def release(self) -> None:
        """Unlock and close the dedicated connection."""
        if self._connection is None:
            return
        self._connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
        self._connection.commit()
        self._connection.close()
        self._connection = None


def lock_for(database_url: str, instance_path: str, device_id: str) -> ClockLock:
    """Choose the clock lock that fits the database: advisory on PostgreSQL, else a file.

    Several Pis may share one PostgreSQL database: each runs its own clock (its watchdog, its
    station), so the advisory lock is per device; a second process on one device is refused.
    """
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        return AdvisoryClockLock(database_url, advisory_key(device_id))
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return FileClockLock(Path(f"{url.database}.clock.lock"))
    return FileClockLock(Path(instance_path) / "clock.lock")
