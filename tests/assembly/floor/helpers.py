"""Helpers for the shop-floor tests: a clock to press at, snapshots to prove nothing changed,
and which LEDs are lit."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from gpiozero.pins.mock import MockFactory
from sqlalchemy import func, select

from assembly.models import AssemblySession, Job, StepEvent
from core.audit import AuditEntry
from core.db import utcnow
from core.extensions import db
from tests.fixtures.assembly import DEFAULT_COMPONENTS

PINS = {cid: pin for cid, _name, _colour, pin in DEFAULT_COMPONENTS}
T0 = utcnow().replace(microsecond=0)


def at(seconds: float) -> datetime:
    """Return the moment `seconds` after the test clock's zero."""
    return T0 + timedelta(seconds=seconds)


def snapshot() -> dict[str, Any]:
    """Capture every session and job row, every step event and the audit length."""
    db.session.expire_all()
    runs = [
        (
            r.id,
            r.status,
            r.current_step,
            r.step_started_at,
            r.confirm_pending_at,
            r.ended_at,
            r.abort_step,
            r.abort_reason,
        )
        for r in db.session.scalars(select(AssemblySession).order_by(AssemblySession.id))
    ]
    jobs = [(j.id, j.state, j.position) for j in db.session.scalars(select(Job).order_by(Job.id))]
    events = [
        (e.id, e.kind, e.step_index)
        for e in db.session.scalars(select(StepEvent).order_by(StepEvent.id))
    ]
    audit = db.session.scalar(select(func.count()).select_from(AuditEntry))
    return {"runs": runs, "jobs": jobs, "events": events, "audit": audit}


def kinds(session_id: int) -> list[tuple[str, int]]:
    """Return (kind, step) of a session's events in order."""
    return [
        (e.kind, e.step_index)
        for e in db.session.scalars(
            select(StepEvent).where(StepEvent.session_id == session_id).order_by(StepEvent.id)
        )
    ]


def lit(factory: MockFactory) -> set[str]:
    """Return the components whose LED pin is high."""
    return {cid for cid, pin in PINS.items() if factory.pin(pin).state}
