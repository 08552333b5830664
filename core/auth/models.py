"""Users with a role and kiosk credentials, and the API tokens of devices."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, utcnow
from core.extensions import db
from core.roles import ROLES

ROLE_CHECK = "role IN (" + ", ".join(f"'{role}'" for role in ROLES) + ")"


class User(UserMixin, db.Model):
    """A person who signs in: by password on any page, by badge or PIN at a kiosk."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(ROLE_CHECK, name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    # sha256 hex of the badge number: a scanner types the badge, so lookup must be exact.
    badge_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped when the password is reset or the user deactivated: older sessions stop working.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        """Tell Flask-Login whether this user may sign in."""
        return self.active

    @property
    def has_badge(self) -> bool:
        """Tell whether a badge is set."""
        return self.badge_digest is not None

    @property
    def has_pin(self) -> bool:
        """Tell whether a kiosk PIN is set."""
        return self.pin_hash is not None

    def get_id(self) -> str:
        """Return the session identifier: the id and the current session epoch."""
        return f"{self.id}:{self.session_epoch}"

    def __repr__(self) -> str:
        return f"<User {self.username!r} {self.role}{'' if self.active else ' inactive'}>"


class DeviceToken(db.Model):
    """An API token a device sends in a header; only its sha256 is stored."""

    __tablename__ = "device_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    device_id: Mapped[str] = mapped_column(String(120), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    created_by: Mapped[User | None] = relationship()

    @property
    def is_revoked(self) -> bool:
        """Tell whether the token was revoked."""
        return self.revoked_at is not None

    def __repr__(self) -> str:
        state = " revoked" if self.is_revoked else ""
        return f"<DeviceToken {self.name!r} {self.device_id} {self.prefix}…{state}>"
