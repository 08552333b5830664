"""User writes: create, credentials, role, name, activation; each commits with its audit entry.

Refusals that guard the shop (the last active admin) are audited too, in a transaction of their
own that changes nothing else. Audit details never hold a password, PIN or badge number.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.auth.hashing import hash_secret
from core.auth.models import User
from core.auth.services.common import (
    BADGE_RE,
    PIN_RE,
    USERNAME_RE,
    Actor,
    AuthError,
    audit,
    badge_digest,
    check_password,
    commit,
    normalize_username,
)
from core.auth.services.queries import get_user_by_username, has_users
from core.roles import ADMIN, ROLES


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


@contextmanager
def _unique(session: Session, field: str) -> Iterator[None]:
    """Turn a unique clash a concurrent writer won into a 409 on field; nothing is kept."""
    try:
        yield
    except IntegrityError:
        session.rollback()
        raise AuthError("is already taken", field, status=409) from None


def _new_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    display_name: str | None,
    badge: str | None,
    pin: str | None,
) -> User:
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
    user.badge_digest = _badge_digest_for(session, user, badge) if badge is not None else None
    user.pin_hash = _pin_hash(pin) if pin is not None else None
    session.add(user)
    session.flush()
    return user


def _audit_created(session: Session, user: User, actor: Actor | None, via: str | None) -> None:
    detail = {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "badge": user.has_badge,
        "pin": user.has_pin,
    }
    audit(session, actor, "user_created", subject_id=user.id, detail=detail | {"via": via})


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    display_name: str | None = None,
    *,
    badge: str | None = None,
    pin: str | None = None,
    actor: Actor | None = None,
    via: str | None = None,
) -> User:
    """Create an active user with an argon2id password hash, and optional badge and PIN.

    via says where the request came from ("page", "cli", "api"), for the audit entry.
    """
    with _unique(session, "username"):
        user = _new_user(session, username, password, role, display_name, badge, pin)
        _audit_created(session, user, actor, via)
        commit(session)
    return user


def create_first_admin(
    session: Session,
    username: str,
    password: str,
    display_name: str | None = None,
    *,
    actor: Actor | None = None,
) -> User:
    """Create the first admin during first-run setup; refused once any user exists."""
    if has_users(session):
        raise AuthError("setup is already done", None, status=404)
    with _unique(session, "username"):
        user = _new_user(session, username, password, ADMIN, display_name, None, None)
        _audit_created(session, user, actor, "setup")  # holds the audit lock until commit
        if session.scalar(select(func.count()).select_from(User)) != 1:
            session.rollback()  # a concurrent setup got there first
            raise AuthError("setup is already done", None, status=404)
        commit(session)
    return user


def set_password(
    session: Session,
    user: User,
    password: str,
    *,
    actor: Actor | None = None,
    via: str | None = None,
) -> None:
    """Replace a user's password and end their other sessions."""
    check_password(password)
    user.password_hash = hash_secret(password)
    user.session_epoch += 1
    audit(session, actor, "password_reset", subject_id=user.id, detail={"via": via})
    commit(session)


def set_badge(
    session: Session, user: User, badge: str | None, *, actor: Actor | None = None
) -> None:
    """Set (or with None, clear) a user's badge number."""
    user.badge_digest = None if badge is None else _badge_digest_for(session, user, badge)
    with _unique(session, "badge"):
        action = "badge_set" if badge is not None else "badge_cleared"
        audit(session, actor, action, subject_id=user.id)
        commit(session)


def set_pin(session: Session, user: User, pin: str | None, *, actor: Actor | None = None) -> None:
    """Set (or with None, clear) a user's kiosk PIN."""
    user.pin_hash = None if pin is None else _pin_hash(pin)
    audit(session, actor, "pin_set" if pin is not None else "pin_cleared", subject_id=user.id)
    commit(session)


def _is_last_active_admin(session: Session, user: User) -> bool:
    if not (user.active and user.role == ADMIN):
        return False
    count = session.scalar(
        select(func.count()).select_from(User).where(User.active, User.role == ADMIN)
    )
    return count == 1


def _refuse(session: Session, actor: Actor | None, action: str, user: User, **detail: str) -> None:
    """Audit a refused change on its own (nothing else is pending) before it is reported."""
    audit(session, actor, action, subject_id=user.id, detail=detail | {"reason": "last admin"})
    commit(session)


def _check_role_change(session: Session, user: User, role: str, actor: Actor | None) -> None:
    if role not in ROLES:
        raise AuthError(f"must be one of {', '.join(ROLES)}", "role")
    if role != ADMIN and _is_last_active_admin(session, user):
        _refuse(session, actor, "role_change_refused", user, old=user.role, new=role)
        raise AuthError("the last active admin cannot be demoted", "role", status=409)


def _change_role(session: Session, user: User, role: str, actor: Actor | None) -> None:
    if role != user.role:
        old, user.role = user.role, role
        audit(session, actor, "role_changed", subject_id=user.id, detail={"old": old, "new": role})


def set_role(session: Session, user: User, role: str, *, actor: Actor | None = None) -> None:
    """Change a user's role; the last active admin cannot be demoted."""
    _check_role_change(session, user, role, actor)
    _change_role(session, user, role, actor)
    commit(session)


def update_details(
    session: Session, user: User, display_name: str, role: str, *, actor: Actor | None = None
) -> None:
    """Change a user's display name and role together, or neither."""
    display = display_name.strip()
    _check_display_name(display)
    _check_role_change(session, user, role, actor)
    if display != user.display_name:
        old, user.display_name = user.display_name, display
        detail = {"old": old, "new": display}
        audit(session, actor, "display_name_changed", subject_id=user.id, detail=detail)
    _change_role(session, user, role, actor)
    commit(session)


def set_active(session: Session, user: User, active: bool, *, actor: Actor | None = None) -> None:
    """Activate or deactivate a user; the last active admin cannot be deactivated."""
    if not active and _is_last_active_admin(session, user):
        _refuse(session, actor, "deactivation_refused", user)
        raise AuthError("the last active admin cannot be deactivated", "active", status=409)
    if user.active == active:
        return
    if not active:
        user.session_epoch += 1
    user.active = active
    action = "user_reactivated" if active else "user_deactivated"
    audit(session, actor, action, subject_id=user.id)
    commit(session)
