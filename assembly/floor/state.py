"""JSON views of jobs and sessions, as the API answers and Socket.IO pushes them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from assembly.const import EventKind, RunStatus, abort_place, abort_reason_text
from assembly.models import AssemblySession, Component, Job, SessionStep
from core.auth.models import User
from core.db import utcnow

# The catalogue's component_image route; built by hand because pushes from the pedal's thread
# have no request to build URLs in.
IMAGE_URL = "/assembly/components/images/{}"
STEP_ENDS = frozenset({EventKind.CONFIRMED, EventKind.ABORT})


def iso(moment: datetime | None) -> str | None:
    """Format a UTC timestamp to the millisecond, or None."""
    return None if moment is None else moment.isoformat(timespec="milliseconds")


def current_component(run: AssemblySession | None) -> str | None:
    """Return the component whose LED should be lit for a session (None unless running).

    The id is the one its step recorded; the LED bank maps it to a pin when it lights it.
    """
    if run is None or run.status != RunStatus.RUNNING:
        return None
    steps = run.steps
    return steps[run.current_step].component_id if run.current_step < len(steps) else None


@dataclass(frozen=True)
class Lit:
    """Which LED a station should show: read before a commit expires the session it comes from."""

    station_id: str
    component_id: str | None


def lit(run: AssemblySession) -> Lit:
    """Return the station and component whose LED a session wants lit (None: all off)."""
    return Lit(run.station_id, current_component(run))


def units_done(session: Session, job_ids: Iterable[int]) -> dict[int, int]:
    """Count the finished units of each job (one query for them all)."""
    ids = list(job_ids)
    if not ids:
        return {}
    query = (
        select(AssemblySession.job_id, func.count())
        .where(AssemblySession.job_id.in_(ids), AssemblySession.status == RunStatus.FINISHED)
        .group_by(AssemblySession.job_id)
    )
    return dict(session.execute(query).all())


def job_views(session: Session, jobs: Iterable[Job]) -> list[dict[str, Any]]:
    """Describe queue entries with the units each has finished."""
    jobs = list(jobs)
    done = units_done(session, (job.id for job in jobs))
    return [job_json(job, done.get(job.id, 0)) for job in jobs]


def job_json(job: Job, done: int) -> dict[str, Any]:
    """Describe a queue entry that has finished `done` of its units."""
    version = job.project_version
    return {
        "id": job.id,
        "station_id": job.station_id,
        "project": {"id": version.project_id, "name": version.project.name},
        "version": {"id": version.id, "number": version.number, "steps": len(version.steps)},
        "stack_id": job.stack_id,
        "quantity": job.quantity,
        "units_done": done,
        "serials": job.serials,
        "priority": job.priority,
        "position": job.position,
        "state": job.state,
        "created_at": iso(job.created_at),
        "started_at": iso(job.started_at),
        "ended_at": iso(job.ended_at),
    }


def component_images(session: Session | None, component_ids: Iterable[str]) -> dict[str, str]:
    """Return the picture file of each component that has one (one query for them all)."""
    ids = set(component_ids)
    if session is None or not ids:
        return {}
    query = select(Component.id, Component.image).where(
        Component.id.in_(ids), Component.image.is_not(None)
    )
    return dict(session.execute(query).all())


def step_json(step: SessionStep, image: str | None) -> dict[str, Any]:
    """Describe one step as its session recorded it, with its component's current picture."""
    return {
        "index": step.position,
        "component_id": step.component_id,
        "name": step.component_name,
        "colour": step.colour,
        "image_url": IMAGE_URL.format(image) if image else None,
        "label": step.label,
        "note": step.note,
        "target_seconds": step.target_seconds,
        "critical": step.critical,
    }


def step_seconds(run: AssemblySession) -> dict[int, float]:
    """Return how long each step took, from its SHOWN to its CONFIRMED (or ABORT) event."""
    shown: dict[int, datetime] = {}
    done: dict[int, float] = {}
    for event in run.events:
        if event.kind == EventKind.SHOWN:
            shown.setdefault(event.step_index, event.at)
        elif event.kind in STEP_ENDS and event.step_index in shown:
            done[event.step_index] = (event.at - shown[event.step_index]).total_seconds()
    return done


def session_json(run: AssemblySession) -> dict[str, Any]:
    """Describe a session with the steps it recorded, its times and who runs it."""
    version = run.project_version
    seconds = step_seconds(run)
    session = object_session(run)
    images = component_images(session, (step.component_id for step in run.steps))
    steps = [
        {**step_json(step, images.get(step.component_id)), "seconds": seconds.get(step.position)}
        for step in run.steps
    ]
    operator = session.get(User, run.operator_id) if session is not None else None
    name = (operator.display_name or operator.username) if operator is not None else "?"
    return {
        "id": run.id,
        "job_id": run.job_id,
        "station_id": run.station_id,
        "stack_id": run.job.stack_id,
        "unit_serial": run.unit_serial,
        "status": run.status,
        "current_step": run.current_step,
        "steps_total": len(steps),
        "steps": steps,
        "operator": {"id": run.operator_id, "name": name},
        "project": {"id": version.project_id, "name": run.project_name},
        "version": {"id": version.id, "number": version.number},
        "step_started_at": iso(run.step_started_at),
        "confirm_pending_at": iso(run.confirm_pending_at),
        "started_at": iso(run.started_at),
        "ended_at": iso(run.ended_at),
        "abort_step": run.abort_step,
        "abort_place": abort_place(run.abort_step, len(steps)),
        "abort_reason": run.abort_reason,
        "abort_reason_text": abort_reason_text(run.abort_reason),
        "seq": max((event.id for event in run.events), default=0),
        "server_now": iso(utcnow()),
    }
