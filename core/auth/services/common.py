"""What every auth service shares: the error type, input rules, actors and the audit append."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from core.audit import record, system_actor
from core.auth.hashing import sha256_hex
from core.auth.models import User

# Who did it, as core.audit.record() takes it: actor_type, actor_id, actor_name, remote_addr.
Actor = dict[str, Any]

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
PIN_RE = re.compile(r"^[0-9]{4,8}$")
BADGE_RE = re.compile(r"^\S{3,64}$")


class AuthError(ValueError):
    """A request the auth services refuse; field names the offending input."""

    def __init__(self, message: str, field: str | None = None, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status

    @property
    def fields(self) -> dict[str, str]:
        """Return {field: message}, as API errors carry them."""
        return {self.field: self.message} if self.field else {}


def normalize_username(username: str) -> str:
    """Return the canonical (trimmed, lower-case) form of a username."""
    return username.strip().lower()


def check_password(password: str, field: str = "password") -> None:
    """Refuse a password that is too short or absurdly long."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(f"must be at least {MIN_PASSWORD_LENGTH} characters", field)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AuthError(f"must be at most {MAX_PASSWORD_LENGTH} characters", field)


def badge_digest(badge: str) -> str:
    """Return the lookup digest of a badge number as a scanner types it (trimmed)."""
    return sha256_hex(badge.strip())


def user_actor(user: User, remote_addr: str | None = None) -> Actor:
    """Return the actor fields of a user acting for themselves (e.g. signing in)."""
    return {
        "actor_type": "user",
        "actor_id": user.id,
        "actor_name": user.display_name or user.username,
        "remote_addr": remote_addr,
    }


def resolve_actor(actor: Actor | None) -> Actor:
    """Return the given actor, or the platform itself when seed or test code passes none."""
    return system_actor() if actor is None else actor


def audit(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    subject_id: int | str | None,
    subject_type: str = "user",
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an `auth.*` audit entry to the session's transaction (the caller commits)."""
    record(
        session,
        action=f"auth.{action}",
        subject_type=subject_type,
        subject_id=subject_id,
        detail=detail,
        **resolve_actor(actor),
    )


def commit(session: Session) -> None:
    """Commit the change with its audit entry, or roll both back and re-raise."""
    try:
        session.commit()
    except BaseException:
        session.rollback()
        raise
