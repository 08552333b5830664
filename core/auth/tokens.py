"""Device API tokens: random, shown once, stored as sha256, revocable; every change audited."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.auth.hashing import new_token, sha256_hex
from core.auth.models import DeviceToken
from core.auth.services import Actor, AuthError
from core.auth.services.common import audit, commit
from core.auth.throttle import RefusalThrottle
from core.db import utcnow

log = logging.getLogger(__name__)

PREFIX_LENGTH = 8
# What new_token() makes; only such a value's prefix is worth keeping (anything else sent in
# the header could be a password pasted in the wrong place).
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")
# last_used_at is refreshed at most this often, so a chatty device does not write on every call.
LAST_USED_RESOLUTION = timedelta(seconds=60)


def list_device_tokens(session: Session) -> list[DeviceToken]:
    """Return every device token, live ones first, newest first."""
    query = select(DeviceToken).order_by(
        DeviceToken.revoked_at.is_not(None), DeviceToken.created_at.desc(), DeviceToken.id.desc()
    )
    return list(session.scalars(query))


def get_device_token(session: Session, token_id: int) -> DeviceToken | None:
    """Return the device token with this id, or None."""
    return session.get(DeviceToken, token_id)


def _token_detail(token: DeviceToken) -> dict[str, str]:
    return {"name": token.name, "device_id": token.device_id, "prefix": token.prefix}


def create_device_token(
    session: Session,
    name: str,
    device_id: str,
    created_by_id: int | None,
    *,
    actor: Actor | None = None,
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
    session.flush()
    detail = _token_detail(token) | {"created_by_id": created_by_id}
    audit(
        session,
        actor,
        "device_token_created",
        subject_type="device_token",
        subject_id=token.id,
        detail=detail,
    )
    commit(session)
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
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        session.commit()
    return token


def revoke_device_token(
    session: Session, token: DeviceToken, *, actor: Actor | None = None
) -> None:
    """Revoke a token for good; revoking twice keeps the first time (and one audit entry)."""
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    detail = _token_detail(token)
    audit(
        session,
        actor,
        "device_token_revoked",
        subject_type="device_token",
        subject_id=token.id,
        detail=detail,
    )
    commit(session)


def audit_refused_token(
    session: Session, raw_token: str, *, remote_addr: str | None, throttle: RefusalThrottle
) -> bool:
    """Audit a request refused for its device token, unless throttled; tell whether it was.

    The entry names the token's prefix (never the token) and, for a revoked one, its device.
    """
    prefix = raw_token[:PREFIX_LENGTH] if TOKEN_SHAPE.match(raw_token) else None
    if not throttle.allow(prefix or "(malformed)"):
        log.info("device token %s refused; not audited (throttled)", prefix or "(malformed)")
        return False
    token = None
    if prefix is not None:
        token = session.scalar(
            select(DeviceToken).where(DeviceToken.token_hash == sha256_hex(raw_token))
        )
    reason = "malformed" if prefix is None else "revoked" if token is not None else "unknown"
    actor: Actor = {
        "actor_type": "device",
        "actor_id": token.device_id if token is not None else None,
        "actor_name": token.name if token is not None else "unknown device",
        "remote_addr": remote_addr,
    }
    audit(
        session,
        actor,
        "device_token_refused",
        subject_type="device_token",
        subject_id=token.id if token is not None else None,
        detail={"prefix": prefix, "reason": reason},
    )
    commit(session)
    return True
