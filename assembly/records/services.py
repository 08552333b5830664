"""Write side of session records: abort reason codes and the supervisor's sign-off."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.const import RunStatus
from assembly.models import AssemblySession, StepEvent
from assembly.records.const import (
    ABORT_CODES,
    ABORT_REASON_MAX,
    ACTION_ABORT_CODE,
    ACTION_SIGN_OFF,
    SESSION_SUBJECT,
)
from core.audit import AuditEntry, record
from core.auth.hashing import verify_secret
from core.auth.models import User
from core.db import utcnow
from core.roles import MANAGERS

ENDED = (RunStatus.FINISHED, RunStatus.ABORTED)
# A sign-off refused for who tried it (not for the session's state), audited like a failed login.
ACTION_SIGN_OFF_REFUSED = "assembly.session.sign_off_refused"
REFUSED_WRONG_PASSWORD = "wrong password"  # noqa: S105 - a refusal reason, not a secret
REFUSED_NOT_ALLOWED = "not allowed"


class RecordError(Exception):
    """A refused change: HTTP status, a one-sentence message as shown, and its form field."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


@dataclass(frozen=True)
class TrailEntry:
    """One line of a session's audit trail: an audit entry or a step event."""

    at: datetime
    source: str
    what: str
    step: int | None
    component: str | None
    actor: str
    origin: str | None
    detail: str | None

    def step_number(self, steps_total: int) -> int | str | None:
        """Return the entry's step counted from 1, "review" past the last step, or None."""
        return step_number(self.step, steps_total)


def step_number(index: int | None, steps_total: int) -> int | str | None:
    """Return a 0-based step index as people count (from 1), or "review" past the last step.

    The review and finish events are recorded at index steps_total, one past the last step.
    """
    if index is None:
        return None
    return "review" if index >= steps_total else index + 1


def _load(session: Session, session_id: int) -> AssemblySession:
    run = session.get(AssemblySession, session_id)
    if run is None:
        raise RecordError(404, f"There is no session {session_id}.")
    return run


def set_abort_code(
    session: Session, session_id: int, code: str, note: str, *, actor: dict[str, Any]
) -> AssemblySession:
    """Set a code and the supervisor's note on an aborted session; commit and audit.

    The kiosk's abort reason stays as recorded; the note is kept beside it.
    """
    run = _load(session, session_id)
    note = note.strip()
    if code not in ABORT_CODES:
        raise RecordError(422, "Choose one of the listed codes.", "code")
    if len(note) > ABORT_REASON_MAX:
        raise RecordError(422, f"Write a note of at most {ABORT_REASON_MAX} characters.", "note")
    if code == "other" and not note:
        raise RecordError(422, 'Say what happened when the code is "Other".', "note")
    if run.status != RunStatus.ABORTED:
        raise RecordError(409, "Only an aborted session takes an abort code.")
    if run.signed_off_at is not None:
        raise RecordError(409, "The session is signed off; its record is closed.")
    previous = {"code": run.abort_code, "note": run.abort_note}
    run.abort_code = code
    run.abort_note = note or None
    record(
        session,
        **actor,
        action=ACTION_ABORT_CODE,
        subject_type=SESSION_SUBJECT,
        subject_id=run.id,
        detail={"code": code, "note": note or None, "previous": previous},
    )
    session.commit()
    return run


def sign_off(
    session: Session, session_id: int, user_id: int, password: str, *, actor: dict[str, Any]
) -> AssemblySession:
    """Sign an ended session off as the supervisor whose password this is; commit and audit.

    A refusal for who tried (not a supervisor, wrong password) is audited and committed on its
    own before the error is raised; a refusal for the session's state is not audited.
    """
    run = _load(session, session_id)
    user = session.get(User, user_id)
    if user is None or not user.active or user.role not in MANAGERS:
        _refuse_sign_off(session, run.id, user_id, REFUSED_NOT_ALLOWED, actor)
        raise RecordError(403, "Only an active supervisor may sign off.")
    if not verify_secret(user.password_hash, password):
        _refuse_sign_off(session, run.id, user_id, REFUSED_WRONG_PASSWORD, actor)
        raise RecordError(403, "That is not your password.", "password")
    if run.status not in ENDED:
        raise RecordError(409, "Only a finished or aborted session can be signed off.")
    if run.signed_off_at is not None:
        raise RecordError(409, "The session is already signed off.")
    if run.status == RunStatus.ABORTED and not run.abort_code:
        raise RecordError(409, "Set the abort reason code before signing off.")
    run.signed_off_by_id = user.id
    run.signed_off_at = utcnow()
    record(
        session,
        **actor,
        action=ACTION_SIGN_OFF,
        subject_type=SESSION_SUBJECT,
        subject_id=run.id,
        detail={"status": run.status, "abort_code": run.abort_code},
    )
    session.commit()
    return run


def _refuse_sign_off(
    session: Session, session_id: int, user_id: int, reason: str, actor: dict[str, Any]
) -> None:
    """Audit a sign-off refused for who tried it, in a transaction of its own; commit it.

    Whatever the caller's transaction held is rolled back first, so the session row stays as
    it was and only the audit entry is committed. The entry names who tried and why, never
    the password typed; the route's rate limit bounds how many such entries one address adds.
    """
    session.rollback()
    record(
        session,
        **actor,
        action=ACTION_SIGN_OFF_REFUSED,
        subject_type=SESSION_SUBJECT,
        subject_id=session_id,
        detail={"reason": reason, "user_id": user_id},
    )
    try:
        session.commit()
    except BaseException:
        session.rollback()
        raise


def _dumps(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def audit_trail(session: Session, session_id: int) -> list[TrailEntry]:
    """Return the audit entries about a session and its step events, oldest first."""
    entries = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.subject_type == SESSION_SUBJECT)
        .where(AuditEntry.subject_id == str(session_id))
    )
    trail = [
        TrailEntry(
            at=entry.at,
            source="audit",
            what=entry.action,
            step=None,
            component=None,
            actor=entry.actor_name,
            origin=entry.remote_addr,
            detail=entry.detail,
        )
        for entry in entries
    ]
    events = session.execute(
        select(StepEvent, User.display_name, User.username)
        .outerjoin(User, User.id == StepEvent.operator_id)
        .where(StepEvent.session_id == session_id)
    )
    trail += [
        TrailEntry(
            at=event.at,
            source="step_event",
            what=event.kind,
            step=event.step_index,
            component=event.component_id,
            actor=display_name or username or "",
            origin=event.device,
            detail=_dumps(event.detail),
        )
        for event, display_name, username in events
    ]
    return sorted(trail, key=lambda item: (item.at, item.source))
