"""After a commit that changed alerts: push them over Socket.IO and send the signals."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from core.alerts.const import NAMESPACE
from core.alerts.models import Alert
from core.alerts.queries import open_count
from core.alerts.signals import alert_changed, alert_raised
from core.realtime import push

logger = logging.getLogger(__name__)

CHANGES_KEY = "shoptwin.alerts.changes"
PENDING_KEY = "shoptwin.alerts.pending"
RAISES = frozenset({"raised", "reraised"})


def note_change(session: Session, alert: Alert, change: str) -> None:
    """Remember that this transaction changed an alert, to publish it once it commits."""
    changes = session.info.setdefault(CHANGES_KEY, {})
    changes.setdefault(alert.id, (alert, []))[1].append(change)


@event.listens_for(Session, "before_commit")
def _snapshot(session: Session) -> None:
    """Serialise the changed alerts and the open count while the transaction can still read."""
    changes = session.info.pop(CHANGES_KEY, None)
    if changes:
        payloads = [(alert.as_json(), changes) for alert, changes in changes.values()]
        session.info[PENDING_KEY] = (payloads, open_count(session))


@event.listens_for(Session, "after_commit")
def _publish(session: Session) -> None:
    """Push each changed alert and the new open count, then send the signals."""
    pending = session.info.pop(PENDING_KEY, None)
    if pending is None:
        return
    payloads, count = pending
    try:
        publish(payloads, count)
    except Exception:
        # The change is committed: a failed push or handler must not make it look failed.
        logger.exception("publishing committed alert changes failed")


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    """Drop what an outermost transaction that ended without commit would have published."""
    if transaction.parent is not None:
        return  # a savepoint: the outer transaction may still commit
    session.info.pop(CHANGES_KEY, None)
    session.info.pop(PENDING_KEY, None)


def publish(payloads: list[tuple[dict[str, Any], list[str]]], count: int) -> None:
    """Send "alert" per changed alert and one "count" to /alerts, then the blinker signals."""
    for payload, _changes in payloads:
        push("alert", payload, NAMESPACE)
    push("count", {"open": count}, NAMESPACE)
    for payload, changes in payloads:
        raised = [change for change in changes if change in RAISES]
        if raised:
            alert_raised.send(payload["source"], alert=payload, new="raised" in raised)
        others = tuple(change for change in changes if change not in RAISES)
        if others:
            alert_changed.send(payload["source"], alert=payload, changes=others)
