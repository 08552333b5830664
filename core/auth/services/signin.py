"""Sign-in by password, badge or PIN, and sign-out; each outcome is audited.

The actor passed in is whoever made the attempt (an anonymous caller and their address); a
successful sign-in is recorded as done by the user it signed in, from that address. No audit
entry ever holds the password, badge number or PIN that was typed.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.audit import count_since
from core.auth.hashing import hash_secret, needs_rehash, verify_secret
from core.auth.models import User
from core.auth.services.common import (
    BADGE_RE,
    USERNAME_RE,
    Actor,
    audit,
    badge_digest,
    commit,
    normalize_username,
    resolve_actor,
    user_actor,
)
from core.auth.services.queries import get_user_by_username
from core.db import utcnow
from core.roles import STAFF

PIN_MAX_FAILURES = 5
PIN_LOCK_WINDOW = timedelta(minutes=15)


def _signed_in(session: Session, user: User, method: str, actor: Actor | None) -> User:
    user.last_login_at = utcnow()
    remote_addr = resolve_actor(actor).get("remote_addr")
    audit(
        session,
        user_actor(user, remote_addr),
        "login",
        subject_id=user.id,
        detail={"method": method},
    )
    commit(session)
    return user


def _refused(
    session: Session,
    actor: Actor | None,
    user_id: int | None,
    detail: dict[str, str],
) -> None:
    audit(session, actor, "login_failed", subject_id=user_id, detail=detail)
    commit(session)


def _refusal_reason(user: User | None, matched: bool, staff_only: bool) -> str | None:
    if user is None:
        return "unknown user"
    if not matched:
        return "wrong secret"
    if not user.active:
        return "inactive"
    if staff_only and user.role not in STAFF:
        return "not staff"
    return None


def _typed_username(username: str) -> str:
    # A well-formed name is kept; anything else may be a password typed in the wrong box.
    name = normalize_username(username)
    return name if USERNAME_RE.match(name) else "(malformed)"


def authenticate_password(
    session: Session, username: str, password: str, *, actor: Actor | None = None
) -> User | None:
    """Return the active user these credentials belong to, or None; upgrade an old hash."""
    user = get_user_by_username(session, username)
    matched = verify_secret(user.password_hash if user is not None else None, password)
    reason = _refusal_reason(user, matched, staff_only=False)
    if reason is not None or user is None:
        detail = {
            "method": "password",
            "username": _typed_username(username),
            "reason": str(reason),
        }
        _refused(session, actor, user.id if user else None, detail)
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_secret(password)
    return _signed_in(session, user, "password", actor)


def authenticate_badge(session: Session, badge: str, *, actor: Actor | None = None) -> User | None:
    """Return the active staff member whose badge this is, or None."""
    user = None
    if BADGE_RE.match(badge.strip()):
        user = session.scalar(select(User).where(User.badge_digest == badge_digest(badge)))
    reason = _refusal_reason(user, True, staff_only=True)
    if reason is not None or user is None:
        reason = "unknown badge" if user is None else reason
        detail = {"method": "badge", "username": "badge", "reason": str(reason)}
        _refused(session, actor, user.id if user else None, detail)
        return None
    return _signed_in(session, user, "badge", actor)


def pin_locked(session: Session, user_id: int) -> bool:
    """Tell whether a user's PIN is locked by too many recent failed sign-ins.

    A 4-digit PIN falls to 10,000 guesses; the per-address rate limit alone cannot stop that at
    a kiosk, where every attempt comes from the same address.
    """
    failures = count_since(
        session,
        action="auth.login_failed",
        subject_type="user",
        subject_id=str(user_id),
        since=utcnow() - PIN_LOCK_WINDOW,
    )
    return failures >= PIN_MAX_FAILURES


def authenticate_pin(
    session: Session, user_id: int, pin: str, *, actor: Actor | None = None
) -> User | None:
    """Return the active staff member with this id if the PIN matches, or None."""
    user = session.get(User, user_id)
    if user is not None and pin_locked(session, user_id):
        _refused(
            session,
            actor,
            user_id,
            {"method": "pin", "username": user.username, "reason": "locked"},
        )
        return None
    matched = verify_secret(user.pin_hash if user is not None else None, pin)
    reason = _refusal_reason(user, matched, staff_only=True)
    if reason is not None or user is None:
        detail = {"method": "pin", "username": user.username if user else "(unknown)"}
        _refused(session, actor, user_id, detail | {"reason": str(reason)})
        return None
    return _signed_in(session, user, "pin", actor)


def record_logout(session: Session, user: User, *, actor: Actor | None = None) -> None:
    """Record that a user signed out (the caller then ends the session)."""
    audit(session, actor, "logout", subject_id=user.id)
    commit(session)
