"""Read-only user look-ups."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.auth.models import User
from core.auth.services.common import normalize_username
from core.roles import STAFF


def has_users(session: Session) -> bool:
    """Tell whether any user exists (first-run setup is over)."""
    return session.scalar(select(User.id).limit(1)) is not None


def get_user(session: Session, user_id: int) -> User | None:
    """Return the user with this id, or None."""
    return session.get(User, user_id)


def get_user_by_username(session: Session, username: str) -> User | None:
    """Return the user with this username (case-insensitive), or None."""
    return session.scalar(select(User).where(User.username == normalize_username(username)))


def list_users(session: Session) -> list[User]:
    """Return every user, active first, then by username."""
    return list(session.scalars(select(User).order_by(User.active.desc(), User.username)))


def kiosk_users(session: Session) -> list[User]:
    """Return the active staff who can sign in at a kiosk with a PIN, by display name."""
    query = (
        select(User)
        .where(User.active, User.role.in_(STAFF), User.pin_hash.is_not(None))
        .order_by(User.display_name)
    )
    return list(session.scalars(query))


def load_session_user(session: Session, ident: str) -> User | None:
    """Return the active user a session id ("<id>:<epoch>") names, if still valid."""
    user_id, _, epoch = ident.partition(":")
    if not (user_id.isdigit() and epoch.isdigit()):
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.active or user.session_epoch != int(epoch):
        return None
    return user
