"""The steps of one session transition: locks, guards, step events, the job's next state."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from assembly.const import OPEN_RUN_STATUSES, EventKind, JobState, RunStatus
from assembly.floor.errors import FloorError, conflict, not_found, plural
from assembly.floor.leds import station_lock
from assembly.models import AssemblySession, Job, StepEvent
from core.audit import record
from core.auth.models import User

# The codes of the refusals the kiosk handles by kind: a bounce is ignored, a stale press refreshes.
TOO_SOON = "too_soon"
STALE_STEP = "stale_step"


@dataclass(frozen=True)
class Press:
    """Who pressed, where, when and through what (kiosk, pedal, supervisor)."""

    now: datetime
    operator_id: int
    device: str
    actor: dict[str, Any]
    source: str

    def event(
        self,
        session: Session,
        run: AssemblySession,
        kind: EventKind,
        step: int,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append a step event made by this press."""
        add_event(
            session,
            run,
            kind,
            step,
            at=self.now,
            operator_id=self.operator_id,
            device=self.device,
            detail=detail,
        )


@dataclass(frozen=True)
class Outcome:
    """A committed transition: the session, its pushed state and any prompt for the operator."""

    session: AssemblySession
    state: dict[str, Any]
    prompt: str | None = None


@contextmanager
def transition(session: Session) -> Iterator[None]:
    """Run one transition under the station lock; roll back everything if it is refused."""
    with station_lock(current_app._get_current_object()):
        try:
            yield
        except BaseException:
            session.rollback()
            raise


def locked_run(session: Session, run_id: int) -> AssemblySession:
    """Lock a session's row for this transaction and return it as the database has it now."""
    session.execute(
        update(AssemblySession)
        .where(AssemblySession.id == run_id)
        .values(current_step=AssemblySession.current_step)
        .execution_options(synchronize_session=False)
    )
    run = session.get(AssemblySession, run_id, populate_existing=True)
    if run is None:
        raise not_found("session", run_id)
    return run


def setting(key: str, default: float) -> float:
    """Read a number of seconds from the app's config."""
    return float(current_app.config.get(key, default))


def actor_of(user: User, given: dict[str, Any] | None) -> dict[str, Any]:
    """Return the audit actor: the request's if given, else the user without an address."""
    if given is not None:
        return given
    name = user.display_name or user.username
    return {"actor_type": "user", "actor_id": user.id, "actor_name": name, "remote_addr": None}


def check_dwell(run: AssemblySession, now: datetime) -> None:
    """Refuse a press sooner than ASSEMBLY_MIN_STEP_S after the step (or prompt) began."""
    minimum = setting("ASSEMBLY_MIN_STEP_S", 1.0)
    since = max(filter(None, (run.step_started_at, run.confirm_pending_at)))
    waited = (now - since).total_seconds()
    if waited < minimum:
        message = (
            f"Too soon: wait at least {plural(minimum, 'second')} between presses"
            f" (this press came after {plural(round(max(waited, 0.0), 2), 'second')})."
        )
        raise FloorError(409, message, {"step": "Pressed again too soon."}, TOO_SOON)


def check_settled(session: Session, station_id: str, now: datetime) -> None:
    """Refuse a start sooner than ASSEMBLY_MIN_STEP_S after the station's last session ended.

    A burst of pedal presses that finished one unit must not also take the next job.
    """
    minimum = setting("ASSEMBLY_MIN_STEP_S", 1.0)
    ended = session.scalar(
        select(func.max(AssemblySession.ended_at)).where(AssemblySession.station_id == station_id)
    )
    # A gap below zero is another Pi's clock running ahead (a force-abort from there): let it be.
    if ended is not None and 0 <= (now - ended).total_seconds() < minimum:
        message = (
            f"Too soon: wait at least {plural(minimum, 'second')} after a session ends"
            " before taking the next job."
        )
        raise FloorError(409, message, {"job_id": "Pressed again too soon."}, TOO_SOON)


def place(run: AssemblySession, index: int) -> str:
    """Name a step index as operators count: "step 1" for index 0, "the review" past the last."""
    return "the review" if index == len(run.steps) else f"step {index + 1}"


def check_step(run: AssemblySession, step: int) -> None:
    """Refuse a stale or duplicated press: its step must be the session's current step."""
    if step != run.current_step:
        message = (
            f"That press was for {place(run, step)}, but the session is at"
            f" {place(run, run.current_step)}."
        )
        raise FloorError(409, message, {"step": message}, STALE_STEP)


def check_free(session: Session, operator: User) -> None:
    """Refuse a start by an operator whose own session is still open at another station.

    Locking the operator's row makes two stations starting for one operator take turns.
    """
    session.execute(select(User.id).where(User.id == operator.id).with_for_update())
    running = session.scalars(
        select(AssemblySession).where(
            AssemblySession.operator_id == operator.id,
            AssemblySession.status.in_(OPEN_RUN_STATUSES),
        )
    ).first()
    if running is not None:
        message = (
            f"You still have session {running.id} open at {running.station_id}:"
            " finish or abort it there, or ask a supervisor to abort it."
        )
        raise conflict(message, "job_id")


def check_open(run: AssemblySession) -> None:
    """Refuse any change to a session that has ended."""
    if run.status not in (RunStatus.RUNNING, RunStatus.REVIEW):
        raise conflict(f"Session {run.id} is {run.status}; it cannot change any more.", "action")


def component_at(run: AssemblySession, index: int) -> str | None:
    """Return the component the session recorded at step index, or None past the last step."""
    steps = run.steps
    return steps[index].component_id if 0 <= index < len(steps) else None


def add_event(
    session: Session,
    run: AssemblySession,
    kind: EventKind,
    step: int,
    *,
    at: datetime,
    operator_id: int | None,
    device: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one step event to the transaction."""
    session.add(
        StepEvent(
            session_id=run.id,
            step_index=step,
            component_id=component_at(run, step),
            kind=kind,
            at=at,
            operator_id=operator_id,
            device=device,
            detail=detail,
        )
    )


def audit(
    session: Session, actor: dict[str, Any], action: str, run: AssemblySession, **detail: Any
) -> None:
    """Add the audit entry of a session transition to the transaction."""
    record(
        session,
        **actor,
        action=f"assembly.session.{action}",
        subject_type="assembly_session",
        subject_id=run.id,
        detail={"job_id": run.job_id, "step": run.current_step, "status": run.status, **detail},
    )


def finished_units(session: Session, job_id: int) -> int:
    """Count the units of a job finished so far."""
    return (
        session.scalar(
            select(func.count())
            .select_from(AssemblySession)
            .where(AssemblySession.job_id == job_id, AssemblySession.status == RunStatus.FINISHED)
        )
        or 0
    )


def settle_job(session: Session, job: Job, now: datetime) -> None:
    """After a session ended: finish the job once every unit is done, else queue it again."""
    session.flush()
    if finished_units(session, job.id) >= job.quantity:
        job.state = JobState.FINISHED
        job.ended_at = now
    else:
        job.state = JobState.PENDING
