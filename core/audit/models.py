"""The audit entry: one row per action, chained to the previous row by its hash."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime
from core.extensions import db

ACTOR_TYPES = ("user", "device", "system")
GENESIS_HASH = "0" * 64
ACTOR_CHECK = "actor_type IN (" + ", ".join(f"'{kind}'" for kind in ACTOR_TYPES) + ")"


def to_millis(moment: datetime) -> datetime:
    """Return the moment in UTC, cut to whole milliseconds."""
    moment = moment.astimezone(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def iso_millis(moment: datetime) -> str:
    """Format a moment as UTC ISO 8601 with milliseconds."""
    return to_millis(moment).isoformat(timespec="milliseconds")


class AuditEntry(db.Model):
    """Who did what to which subject, when and from where; never updated, never deleted."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        CheckConstraint(ACTOR_CHECK, name="actor_type"),
        Index("ix_audit_entries_subject", "subject_type", "subject_id"),
    )

    # Assigned by record() as previous id + 1, so a missing row shows as a gap.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor_type: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str | None] = mapped_column(String(120))
    actor_name: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject_type: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[str | None] = mapped_column(String(120))
    detail: Mapped[str | None] = mapped_column(Text)
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    def canonical(self) -> bytes:
        """Serialise the chained fields in a fixed order, as the hash covers them."""
        fields = [
            self.id,
            iso_millis(self.at),
            self.actor_type,
            self.actor_id,
            self.actor_name,
            self.action,
            self.subject_type,
            self.subject_id,
            self.detail,
            self.remote_addr,
            self.prev_hash,
        ]
        return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()

    def compute_hash(self) -> str:
        """Return the sha256 hex digest of this row's canonical form."""
        return hashlib.sha256(self.canonical()).hexdigest()

    def detail_data(self) -> object:
        """Return the decoded detail, or None."""
        return None if self.detail is None else json.loads(self.detail)

    def __repr__(self) -> str:
        return (
            f"<AuditEntry {self.id} {self.action} {self.subject_type}:{self.subject_id}"
            f" by {self.actor_type}:{self.actor_name}>"
        )
