"""Append to the audit chain inside the caller's transaction, and verify the chain."""

from __future__ import annotations

import json
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from core.audit.models import ACTOR_TYPES, GENESIS_HASH, AuditEntry, to_millis
from core.db import utcnow

# Any constant works: every appender takes the same transaction-scoped advisory lock.
PG_LOCK_KEY = 0x5348_4F50_4155_4454  # "SHOPAUDT"


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of walking the chain: how many rows were checked and the first bad one."""

    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"OK: {self.checked} entries, chain intact"
        return f"BROKEN at entry {self.broken_id}: {self.reason}"


def _lock_chain(session: Session) -> None:
    """Serialise appends until the caller's transaction ends.

    The lock must outlive record() and be released by the caller's commit, so it is taken
    in the database (a process lock released before the commit would let two writers read
    the same previous hash).
    """
    dialect = session.connection().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
    elif dialect == "sqlite":
        # A write statement takes SQLite's single write lock for the rest of the transaction;
        # it matches no row, so the append-only triggers do not fire.
        session.execute(text("UPDATE audit_entries SET id = id WHERE 0"))
    else:
        raise RuntimeError(f"audit log does not support the {dialect} database")


def record(
    session: Session,
    *,
    action: str,
    subject_type: str,
    subject_id: str | int | None,
    actor_type: str,
    actor_id: str | int | None,
    actor_name: str,
    detail: Any = None,
    remote_addr: str | None = None,
) -> AuditEntry:
    """Append an entry to the caller's transaction; it commits (or not) with the change."""
    if actor_type not in ACTOR_TYPES:
        raise ValueError(f"actor_type must be one of {', '.join(ACTOR_TYPES)}, not {actor_type!r}")
    _lock_chain(session)
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    entry = AuditEntry(
        id=1 if last is None else last.id + 1,
        at=to_millis(utcnow()),
        actor_type=actor_type,
        actor_id=None if actor_id is None else str(actor_id),
        actor_name=actor_name,
        action=action,
        subject_type=subject_type,
        subject_id=None if subject_id is None else str(subject_id),
        detail=None
        if detail is None
        else json.dumps(detail, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
        remote_addr=remote_addr,
        prev_hash=GENESIS_HASH if last is None else last.hash,
    )
    entry.hash = entry.compute_hash()
    session.add(entry)
    session.flush()
    return entry


def verify(session: Session, batch: int = 1000) -> VerifyResult:
    """Walk the chain from the first row and report the first row that does not fit."""
    expected_id, prev_hash, checked = 1, GENESIS_HASH, 0
    query = select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=batch)
    # Close the (server-side, on PostgreSQL) cursor even when stopping at a broken row.
    with closing(session.scalars(query)) as entries:
        for entry in entries:
            if entry.id != expected_id:
                reason = f"gap: expected entry {expected_id}, found {entry.id}"
            elif entry.prev_hash != prev_hash:
                reason = "prev_hash does not match the previous entry's hash"
            elif entry.compute_hash() != entry.hash:
                reason = "hash does not match the entry's content"
            else:
                expected_id, prev_hash, checked = entry.id + 1, entry.hash, checked + 1
                continue
            return VerifyResult(ok=False, checked=checked, broken_id=entry.id, reason=reason)
    return VerifyResult(ok=True, checked=checked)


def tail(session: Session, count: int = 20) -> list[AuditEntry]:
    """Return the last entries, oldest first."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(count)
    return list(reversed(session.scalars(query).all()))


def count_since(
    session: Session, *, action: str, subject_type: str, subject_id: str, since: datetime
) -> int:
    """Count the entries of one action on one subject recorded since a moment."""
    query = select(func.count()).where(
        AuditEntry.action == action,
        AuditEntry.subject_type == subject_type,
        AuditEntry.subject_id == subject_id,
        AuditEntry.at >= since,
    )
    return session.scalar(query) or 0
