"""Device API tokens: random, shown once, stored as sha256, revocable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.auth.hashing import new_token, sha256_hex
from core.auth.models import DeviceToken
from core.auth.services import AuthError
from core.db import utcnow

PREFIX_LENGTH = 8
# last_used_at is refreshed at most this often, so a chatty device does not write on every call.
LAST_USED_RESOLUTION = timedelta(seconds=60)


def _aware(moment: datetime) -> datetime:
    # SQLite hands DateTime(timezone=True) back naive; the values are stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def list_device_tokens(session: Session) -> list[DeviceToken]:
    """Return every device token, live ones first, newest first."""
    query = select(DeviceToken).order_by(
        DeviceToken.revoked_at.is_not(None), DeviceToken.created_at.desc(), DeviceToken.id.desc()
    )
    return list(session.scalars(query))


def get_device_token(session: Session, token_id: int) -> DeviceToken | None:
    """Return the device token with this id, or None."""
    return session.get(DeviceToken, token_id)


def create_device_token(
    session: Session, name: str, device_id: str, created_by_id: int | None
) -> tuple[DeviceToken, str]:
    """Create a token for a device; return it and the raw token, which is never stored."""
    name, device_id = name.strip(), device_id.strip()
    if not 1 <= len(name) <= 120:
        raise AuthError("must be 1-120 characters", "name")
    if not 1 <= len(device_id) <= 120:
        raise AuthError("must be 1-120 characters", "device_id")
    raw = new_token()
    token = DeviceToken(
        name=name,
        device_id=device_id,
        token_hash=sha256_hex(raw),
        prefix=raw[:PREFIX_LENGTH],
        created_by_id=created_by_id,
    )
    session.add(token)
    session.commit()
    return token, raw


def authenticate_device(session: Session, raw_token: str) -> DeviceToken | None:
    """Return the live token matching raw_token and note its use, or None."""
    if not raw_token:
        return None
    token = session.scalar(
        select(DeviceToken).where(DeviceToken.token_hash == sha256_hex(raw_token))
    )
    if token is None or token.is_revoked:
        return None
    now = utcnow()
    if token.last_used_at is None or now - _aware(token.last_used_at) >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        session.commit()
    return token


def revoke_device_token(session: Session, token: DeviceToken) -> None:
    """Revoke a token for good; revoking twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.commit()
