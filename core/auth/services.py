"""User services: create, authenticate, change credentials and roles; every write commits."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.auth.hashing import hash_secret, needs_rehash, sha256_hex, verify_secret
from core.auth.models import User
from core.db import utcnow
from core.roles import ADMIN, ROLES, STAFF

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


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    display_name: str | None = None,
    *,
    badge: str | None = None,
    pin: str | None = None,
) -> User:
    """Create an active user with an argon2id password hash, and optional badge and PIN."""
    name = normalize_username(username)
    if not USERNAME_RE.match(name):
        raise AuthError("2-64 letters, digits, dots, dashes or underscores", "username")
    if role not in ROLES:
        raise AuthError(f"must be one of {', '.join(ROLES)}", "role")
    check_password(password)
    if get_user_by_username(session, name) is not None:
        raise AuthError("is already taken", "username", status=409)
    display = (display_name or "").strip() or name
    _check_display_name(display)
    user = User(username=name, display_name=display, role=role, password_hash=hash_secret(password))
    badge_hash = _badge_digest_for(session, user, badge) if badge is not None else None
    user.badge_digest = badge_hash
    user.pin_hash = _pin_hash(pin) if pin is not None else None
    session.add(user)
    session.commit()
    return user


def create_first_admin(
    session: Session, username: str, password: str, display_name: str | None = None
) -> User:
    """Create the first admin during first-run setup; refused once any user exists."""
    if has_users(session):
        raise AuthError("setup is already done", None, status=404)
    return create_user(session, username, password, ADMIN, display_name)


def _record_login(session: Session, user: User) -> User:
    user.last_login_at = utcnow()
    session.commit()
    return user


def authenticate_password(session: Session, username: str, password: str) -> User | None:
    """Return the active user these credentials belong to, or None; upgrade an old hash."""
    user = get_user_by_username(session, username)
    stored = user.password_hash if user is not None else None
    if not verify_secret(stored, password) or user is None or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_secret(password)
    return _record_login(session, user)


def authenticate_badge(session: Session, badge: str) -> User | None:
    """Return the active staff member whose badge this is, or None."""
    if not BADGE_RE.match(badge.strip()):
        return None
    user = session.scalar(select(User).where(User.badge_digest == badge_digest(badge)))
    if user is None or not user.active or user.role not in STAFF:
        return None
    return _record_login(session, user)


def authenticate_pin(session: Session, user_id: int, pin: str) -> User | None:
    """Return the active staff member with this id if the PIN matches, or None."""
    user = session.get(User, user_id)
    stored = user.pin_hash if user is not None else None
    if not verify_secret(stored, pin) or user is None:
        return None
    if not user.active or user.role not in STAFF:
        return None
    return _record_login(session, user)


def set_password(session: Session, user: User, password: str) -> None:
    """Replace a user's password and end their other sessions."""
    check_password(password)
    user.password_hash = hash_secret(password)
    user.session_epoch += 1
    session.commit()


def _badge_digest_for(session: Session, user: User, badge: str) -> str:
    badge = badge.strip()
    if not BADGE_RE.match(badge):
        raise AuthError("must be 3-64 characters without spaces", "badge")
    digest = badge_digest(badge)
    owner = session.scalar(select(User).where(User.badge_digest == digest))
    if owner is not None and owner is not user:
        raise AuthError("belongs to another user", "badge", status=409)
    return digest


def _pin_hash(pin: str) -> str:
    if not PIN_RE.match(pin):
        raise AuthError("must be 4 to 8 digits", "pin")
    return hash_secret(pin)


def _check_display_name(display_name: str) -> None:
    if not display_name or len(display_name) > 120:
        raise AuthError("must be 1-120 characters", "display_name")


def set_badge(session: Session, user: User, badge: str | None) -> None:
    """Set (or with None, clear) a user's badge number."""
    user.badge_digest = None if badge is None else _badge_digest_for(session, user, badge)
    session.commit()


def set_pin(session: Session, user: User, pin: str | None) -> None:
    """Set (or with None, clear) a user's kiosk PIN."""
    user.pin_hash = None if pin is None else _pin_hash(pin)
    session.commit()


def _is_last_active_admin(session: Session, user: User) -> bool:
    if not (user.active and user.role == ADMIN):
        return False
    count = session.scalar(
        select(func.count()).select_from(User).where(User.active, User.role == ADMIN)
    )
    return count == 1


def _check_role_change(session: Session, user: User, role: str) -> None:
    if role not in ROLES:
        raise AuthError(f"must be one of {', '.join(ROLES)}", "role")
    if role != ADMIN and _is_last_active_admin(session, user):
        raise AuthError("the last active admin cannot be demoted", "role", status=409)


def set_role(session: Session, user: User, role: str) -> None:
    """Change a user's role; the last active admin cannot be demoted."""
    _check_role_change(session, user, role)
    user.role = role
    session.commit()


def update_details(session: Session, user: User, display_name: str, role: str) -> None:
    """Change a user's display name and role together, or neither."""
    display = display_name.strip()
    _check_display_name(display)
    _check_role_change(session, user, role)
    user.display_name = display
    user.role = role
    session.commit()


def set_active(session: Session, user: User, active: bool) -> None:
    """Activate or deactivate a user; the last active admin cannot be deactivated."""
    if not active and _is_last_active_admin(session, user):
        raise AuthError("the last active admin cannot be deactivated", "active", status=409)
    if user.active and not active:
        user.session_epoch += 1
    user.active = active
    session.commit()
