"""Alerts raised by modules and the comments people add to them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.alerts.const import OPEN_STATES, AlertState, Severity
from core.db import UTCDateTime, utcnow
from core.extensions import db

OPEN_WHERE = text("state != 'CLEARED'")


def iso(moment: datetime | None) -> str | None:
    """Format a moment as UTC ISO 8601."""
    return None if moment is None else moment.astimezone(UTC).isoformat()


class Alert(db.Model):
    """A condition a module noticed on a subject; one open per (source, subject, rule)."""

    __tablename__ = "alerts"
    __table_args__ = (
        Index(
            "uq_alerts_open",
            "source",
            "subject",
            "rule",
            unique=True,
            sqlite_where=OPEN_WHERE,
            postgresql_where=OPEN_WHERE,
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(32), index=True)
    subject: Mapped[str] = mapped_column(String(120))
    rule: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16), index=True, default=AlertState.ACTIVE_UNACK)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    raise_count: Mapped[int] = mapped_column(Integer, default=1)
    value: Mapped[float | None] = mapped_column(Float)
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acked_by_id: Mapped[str | None] = mapped_column(String(64))
    acked_by: Mapped[str | None] = mapped_column(String(120))
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cleared_by_id: Mapped[str | None] = mapped_column(String(64))
    cleared_by: Mapped[str | None] = mapped_column(String(120))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    comments: Mapped[list[AlertComment]] = relationship(
        back_populates="alert", order_by="AlertComment.id", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        """Tell whether the alert is still active (acknowledged or not)."""
        return self.state in OPEN_STATES

    @property
    def severity_rank(self) -> int:
        """Return 0 for critical, growing towards info."""
        return Severity(self.severity).rank

    def as_json(self) -> dict[str, Any]:
        """Return the alert as the API and the live pushes send it."""
        return {
            "id": self.id,
            "source": self.source,
            "subject": self.subject,
            "rule": self.rule,
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
            "state": self.state,
            "open": self.is_open,
            "raised_at": iso(self.raised_at),
            "last_raised_at": iso(self.last_raised_at),
            "raise_count": self.raise_count,
            "value": self.value,
            "acked_at": iso(self.acked_at),
            "acked_by": self.acked_by,
            "cleared_at": iso(self.cleared_at),
            "cleared_by": self.cleared_by,
            "details": self.details,
        }

    def __repr__(self) -> str:
        return (
            f"<Alert {self.id} {self.source}/{self.subject}/{self.rule} {self.severity}"
            f" {self.state}>"
        )


class AlertComment(db.Model):
    """A note someone left on an alert."""

    __tablename__ = "alert_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[str | None] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    alert: Mapped[Alert] = relationship(back_populates="comments")

    def as_json(self) -> dict[str, Any]:
        """Return the comment as the API sends it."""
        return {"id": self.id, "author": self.author, "body": self.body, "at": iso(self.at)}

    def __repr__(self) -> str:
        return f"<AlertComment {self.id} on alert {self.alert_id} by {self.author!r}>"
