"""Write side of the alert centre: raise, clear, acknowledge and comment, with audit entries."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.orm import Session

from core.alerts.const import AUDIT_SUBJECT, MAX_COMMENT_LENGTH, AlertState, Severity
from core.alerts.models import Alert, AlertComment
from core.alerts.publish import note_change
from core.alerts.queries import find_open, get_alert
from core.audit import record
from core.db import utcnow


class UserLike(Protocol):
    """What the services need of a user: an id and a name to show."""

    id: Any
    username: str


class AlertError(Exception):
    """A request on an alert the centre refuses; status is the HTTP answer."""

    status = 400

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def fields(self) -> dict[str, str]:
        """Return {field: message}, as API errors carry them."""
        return {self.field: self.message} if self.field else {}


class AlertNotFoundError(AlertError):
    """No alert has this id."""

    status = 404


class InvalidTransitionError(AlertError):
    """The alert's state does not allow this action (ack a cleared alert, clear twice)."""

    status = 409


class InvalidCommentError(AlertError):
    """The comment is empty or too long."""

    status = 422


def user_name(user: UserLike) -> str:
    """Return the name to show for a user: the display name, else the username."""
    return getattr(user, "display_name", None) or user.username


def raise_alert(
    session: Session,
    *,
    source: str,
    subject: str,
    rule: str,
    severity: Severity | str,
    title: str,
    message: str = "",
    value: float | None = None,
    details: dict[str, Any] | None = None,
) -> Alert:
    """Open an alert, or update the open one for (source, subject, rule) instead of duplicating."""
    severity = Severity(severity)
    now = utcnow()
    alert = find_open(session, source, subject, rule)
    if alert is None:
        alert = Alert(
            source=source,
            subject=subject,
            rule=rule,
            severity=severity,
            title=title,
            message=message,
            state=AlertState.ACTIVE_UNACK,
            raised_at=now,
            last_raised_at=now,
            raise_count=1,
            value=value,
            details=details,
        )
        session.add(alert)
        change = "raised"
    else:
        alert.severity = severity
        alert.title = title
        alert.message = message
        alert.value = value
        if details is not None:
            alert.details = details
        alert.last_raised_at = now
        alert.raise_count += 1
        change = "reraised"
    session.flush()
    note_change(session, alert, change)
    return alert


def clear_alert(
    session: Session, *, source: str, subject: str, rule: str, by: str = "system"
) -> Alert | None:
    """Clear the open alert for (source, subject, rule) when its condition is gone; None if none."""
    alert = find_open(session, source, subject, rule)
    if alert is None:
        return None
    alert.state = AlertState.CLEARED
    alert.cleared_at = utcnow()
    alert.cleared_by = by
    session.flush()
    note_change(session, alert, "cleared")
    return alert


def _get(session: Session, alert_id: int) -> Alert:
    alert = get_alert(session, alert_id)
    if alert is None:
        raise AlertNotFoundError(f"no alert {alert_id}")
    return alert


def _audit(
    session: Session,
    alert: Alert,
    user: UserLike,
    action: str,
    remote_addr: str | None,
    **detail: Any,
) -> None:
    record(
        session,
        action=action,
        subject_type=AUDIT_SUBJECT,
        subject_id=alert.id,
        actor_type="user",
        actor_id=user.id,
        actor_name=user_name(user),
        detail={"source": alert.source, "subject": alert.subject, "rule": alert.rule, **detail},
        remote_addr=remote_addr,
    )


def acknowledge(
    session: Session, alert_id: int, user: UserLike, *, remote_addr: str | None = None
) -> Alert:
    """Acknowledge an unacknowledged alert; any other state is an InvalidTransitionError."""
    alert = _get(session, alert_id)
    if alert.state != AlertState.ACTIVE_UNACK:
        state = "already acknowledged" if alert.state == AlertState.ACTIVE_ACK else "cleared"
        raise InvalidTransitionError(f"alert {alert.id} is {state}", "state")
    alert.state = AlertState.ACTIVE_ACK
    alert.acked_at = utcnow()
    alert.acked_by_id = str(user.id)
    alert.acked_by = user_name(user)
    _audit(session, alert, user, "alert.ack", remote_addr)
    note_change(session, alert, "acked")
    return alert


def clear(
    session: Session, alert_id: int, user: UserLike, *, remote_addr: str | None = None
) -> Alert:
    """Clear an open alert by hand; clearing a cleared alert is InvalidTransitionError."""
    alert = _get(session, alert_id)
    if not alert.is_open:
        raise InvalidTransitionError(f"alert {alert.id} is already cleared", "state")
    alert.state = AlertState.CLEARED
    alert.cleared_at = utcnow()
    alert.cleared_by_id = str(user.id)
    alert.cleared_by = user_name(user)
    _audit(session, alert, user, "alert.clear", remote_addr)
    note_change(session, alert, "cleared")
    return alert


def comment(
    session: Session,
    alert_id: int,
    user: UserLike,
    body: str,
    *,
    remote_addr: str | None = None,
) -> AlertComment:
    """Add a comment (1 to 2000 characters, trimmed) to an alert in any state."""
    alert = _get(session, alert_id)
    body = body.strip()
    if not body:
        raise InvalidCommentError("comment must not be empty", "body")
    if len(body) > MAX_COMMENT_LENGTH:
        raise InvalidCommentError(
            f"comment must be at most {MAX_COMMENT_LENGTH} characters", "body"
        )
    note = AlertComment(alert=alert, author_id=str(user.id), author=user_name(user), body=body)
    session.add(note)
    session.flush()
    _audit(session, alert, user, "alert.comment", remote_addr, comment_id=note.id)
    note_change(session, alert, "commented")
    return note
