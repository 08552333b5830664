"""The kiosk session state machine: start, progress, resume and a supervisor's force-abort.

running --next--> running (next step) ... --next on the last step--> review --finish--> finished
running/review --abort--> aborted (completed steps are kept; the job is queued again).
A critical step's first "next" prompts; a second within CRITICAL_CONFIRM_S confirms it.
A session runs the copy of its version's steps it made when it started (the components' names,
colours, targets and critical flags as they were then): the kiosk, the prompt and the records
all read that copy, so editing the catalogue never changes a session that already started.
Each transition is one transaction (session row, step events, audit entry); once it commits,
the LED shows the current component and the new state is pushed to "/assembly".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from assembly.const import CRITICAL_CONFIRM_S, EventKind, JobState, PressAbort, RunStatus
from assembly.floor import effects
from assembly.floor.errors import FloorError, conflict, invalid, not_found, plural
from assembly.floor.state import lit
from assembly.floor.stations import ensure_station, lock_station, open_session
from assembly.floor.transitions import (
    Outcome,
    Press,
    actor_of,
    add_event,
    audit,
    check_dwell,
    check_free,
    check_open,
    check_settled,
    check_step,
    component_at,
    finished_units,
    locked_run,
    settle_job,
    transition,
)
from assembly.models import AssemblySession, Job
from core.audit import system_actor
from core.auth.models import User
from core.db import utcnow

ACTIONS = ("next", "review", "finish", "abort")
REASON_MAX = 500


def _either(words: tuple[str, ...]) -> str:
    """Write "next, review, finish or abort"."""
    *head, last = words
    return f"{', '.join(head)} or {last}" if head else last


def start(
    session: Session,
    job_id: int,
    operator: User,
    device: str,
    *,
    now: datetime | None = None,
    actor: dict[str, Any] | None = None,
) -> Outcome:
    """Start the next unit of a pending job at station `device`, lighting step 0 at once.

    The session records its steps, with the components' values as they are now.
    """
    now = now or utcnow()
    with transition(session):
        ensure_station(session, device)
        lock_station(session, device)
        job = session.get(Job, job_id, populate_existing=True)
        if job is None:
            raise not_found("job", job_id)
        if job.station_id != device:
            raise FloorError(403, f"Job {job_id} is queued for {job.station_id}, not {device}.")
        if job.state != JobState.PENDING:
            raise conflict(
                f"Job {job_id} is {job.state}, not pending, so it cannot start.", "job_id"
            )
        running = open_session(session, device)
        if running is not None:
            raise conflict(f"Session {running.id} is already running at {device}.", "job_id")
        check_free(session, operator)
        check_settled(session, device, now)
        if not job.project_version.steps:
            version = job.project_version
            message = f'Version {version.number} of project "{version.project.name}" has no steps.'
            raise conflict(message, "job_id")
        done = finished_units(session, job.id)
        serials = job.serials or []
        run = AssemblySession(
            job_id=job.id,
            project_version_id=job.project_version_id,
            station_id=device,
            operator_id=operator.id,
            unit_serial=serials[done] if done < len(serials) else None,
            status=RunStatus.RUNNING,
            current_step=0,
            step_started_at=now,
            started_at=now,
        )
        run.record_version(job.project_version)
        session.add(run)
        job.state = JobState.ACTIVE
        job.started_at = job.started_at or now
        session.flush()
        for kind in (EventKind.SHOWN, EventKind.LED_ON):
            add_event(session, run, kind, 0, at=now, operator_id=operator.id, device=device)
        audit(session, actor_of(operator, actor), "start", run, unit=done + 1)
        return _commit(session, run, job_moved=True)


def progress(
    session: Session,
    session_id: int,
    action: str,
    step: int,
    operator: User,
    device: str,
    now: datetime | None = None,
    *,
    reason: PressAbort | None = None,
    source: str = "kiosk",
    actor: dict[str, Any] | None = None,
) -> Outcome:
    """Apply one press (next, review, finish or abort) made at `step`, or refuse it unchanged."""
    if action not in ACTIONS:
        raise invalid("action", f'The action must be {_either(ACTIONS)}, not "{action}".')
    if reason is not None and action != "abort":
        raise invalid("reason", "A reason goes only with the abort action.")
    now = now or utcnow()
    with transition(session):
        run = locked_run(session, session_id)
        if run.station_id != device:
            raise FloorError(403, f"Session {run.id} runs at {run.station_id}, not {device}.")
        if run.operator_id != operator.id:
            raise FloorError(403, f"Session {run.id} belongs to another operator.")
        check_open(run)
        check_step(run, step)
        press = Press(now, operator.id, device, actor_of(operator, actor), source)
        if action == "abort":
            _abort(session, run, reason or PressAbort.API, press)
            return _commit(session, run, job_moved=True)
        if run.status == RunStatus.REVIEW:
            if action != "finish":
                raise conflict(f"Session {run.id} is in review: finish or abort it.", "action")
            check_dwell(run, now)
            _finish(session, run, press)
            return _commit(session, run, job_moved=True)
        if action == "finish":
            message = f"Session {run.id} is not in review yet; finish it from the review."
            raise conflict(message, "action")
        last = len(run.steps) - 1
        if action == "review" and run.current_step != last:
            message = f"The review opens only from the last step, step {last + 1}."
            raise conflict(message, "action")
        check_dwell(run, now)
        if run.steps[run.current_step].critical and not _confirmed(run, now):
            run.confirm_pending_at = now
            press.event(session, run, EventKind.CONFIRM_PROMPT, run.current_step)
            audit(session, press.actor, "confirm_prompt", run, source=source)
            return _commit(session, run, job_moved=False, prompt="confirm")
        _advance(session, run, press)
        return _commit(session, run, job_moved=False)


def resume(
    session: Session, station_id: str, *, now: datetime | None = None
) -> AssemblySession | None:
    """Reopen the station's open session after a reload, crash or power loss and relight it."""
    now = now or utcnow()
    with transition(session):
        run = open_session(session, station_id)
        if run is None:
            return None
        run = locked_run(session, run.id)
        check_open(run)
        add_event(
            session,
            run,
            EventKind.RESUME,
            run.current_step,
            at=now,
            operator_id=run.operator_id,
            device=station_id,
            detail={
                "lit": component_at(run, run.current_step)
                if run.status == RunStatus.RUNNING
                else None
            },
        )
        audit(session, system_actor("assembly"), "resume", run)
        return _commit(session, run, job_moved=False).session


def force_abort(
    session: Session,
    session_id: int,
    reason: str,
    supervisor: User,
    device: str,
    *,
    now: datetime | None = None,
    actor: dict[str, Any] | None = None,
) -> Outcome:
    """Abort a stuck session on a supervisor's word, keeping every completed step."""
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_MAX:
        raise invalid("reason", f"Give a reason of 1 to {plural(REASON_MAX, 'character')}.")
    now = now or utcnow()
    with transition(session):
        run = locked_run(session, session_id)
        check_open(run)
        press = Press(now, supervisor.id, device, actor_of(supervisor, actor), "supervisor")
        _abort(session, run, reason, press)
        return _commit(session, run, job_moved=True)


def _commit(
    session: Session, run: AssemblySession, *, job_moved: bool, prompt: str | None = None
) -> Outcome:
    light = lit(run)  # before the commit expires the run
    session.commit()
    state = effects.session_changed(session, run, light, job_moved=job_moved)
    return Outcome(run, state, prompt)


def _confirmed(run: AssemblySession, now: datetime) -> bool:
    """Tell whether this press is the confirming second press of a critical step."""
    pending = run.confirm_pending_at
    return pending is not None and (now - pending).total_seconds() <= CRITICAL_CONFIRM_S


def _advance(session: Session, run: AssemblySession, press: Press) -> None:
    """Complete the current step and show the next one, or open the review after the last."""
    done = run.current_step
    critical = run.confirm_pending_at is not None
    press.event(session, run, EventKind.CONFIRMED, done, {"source": press.source})
    run.confirm_pending_at = None
    run.step_started_at = press.now
    detail = {"completed": done, "critical": critical, "source": press.source}
    if done + 1 < len(run.steps):
        run.current_step = done + 1
        press.event(session, run, EventKind.SHOWN, run.current_step)
        press.event(session, run, EventKind.LED_ON, run.current_step)
        audit(session, press.actor, "next", run, **detail)
        return
    run.status = RunStatus.REVIEW
    run.current_step = done + 1
    press.event(session, run, EventKind.LED_OFF, done)
    press.event(session, run, EventKind.REVIEW, run.current_step)
    audit(session, press.actor, "review", run, **detail)


def _finish(session: Session, run: AssemblySession, press: Press) -> None:
    """Close a reviewed session as finished and move its job on."""
    run.status = RunStatus.FINISHED
    run.ended_at = press.now
    press.event(session, run, EventKind.FINISH, run.current_step)
    settle_job(session, run.job, press.now)
    audit(session, press.actor, "finish", run, job_state=run.job.state, source=press.source)


def _abort(session: Session, run: AssemblySession, reason: str, press: Press) -> None:
    """End a session as aborted at its current step; the job goes back to pending."""
    if run.status == RunStatus.RUNNING:
        press.event(session, run, EventKind.LED_OFF, run.current_step)
    run.status = RunStatus.ABORTED
    run.ended_at = press.now
    run.abort_step = run.current_step
    run.abort_reason = reason
    run.confirm_pending_at = None
    detail = {"reason": reason, "source": press.source}
    press.event(session, run, EventKind.ABORT, run.current_step, detail)
    settle_job(session, run.job, press.now)
    audit(session, press.actor, "abort", run, **detail)
