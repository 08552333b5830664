"""The job queue of each station: add, reorder, cancel, and which job comes next."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.const import SERIAL_MAX, JobState
from assembly.floor import effects
from assembly.floor.errors import conflict, invalid, not_found, plural
from assembly.floor.stations import lock_station
from assembly.floor.transitions import transition
from assembly.models import Job, ProjectVersion, Station
from core.audit import record

QUANTITY_MAX = 1000
PRIORITY_RANGE = (-100, 100)


def _pending(session: Session, station_id: str) -> list[Job]:
    return list(
        session.scalars(
            select(Job)
            .where(Job.station_id == station_id, Job.state == JobState.PENDING)
            .order_by(Job.position, Job.id)
        )
    )


def list_queue(session: Session, station_id: str | None = None) -> list[Job]:
    """Return the open jobs (active first, then pending in queue order) of one or all stations."""
    query = select(Job).where(Job.state.in_((JobState.ACTIVE, JobState.PENDING)))
    if station_id is not None:
        query = query.where(Job.station_id == station_id)
    active_first = (Job.state != JobState.ACTIVE).label("waiting")
    return list(session.scalars(query.order_by(Job.station_id, active_first, Job.position, Job.id)))


def next_job(session: Session, station_id: str) -> Job | None:
    """Return the first pending job of a station's queue."""
    pending = _pending(session, station_id)
    return pending[0] if pending else None


def _audit(session: Session, actor: dict[str, Any], action: str, job: Job, **detail: Any) -> None:
    record(
        session,
        **actor,
        action=f"assembly.job.{action}",
        subject_type="assembly_job",
        subject_id=job.id,
        detail={"station_id": job.station_id, "state": job.state, **detail},
    )


def _clean_serials(serials: Sequence[str]) -> list[str]:
    cleaned = [serial.strip() for serial in serials]
    if not cleaned or any(not s or len(s) > SERIAL_MAX for s in cleaned):
        raise invalid(
            "serials", f"Give one or more serials, each of 1 to {plural(SERIAL_MAX, 'character')}."
        )
    repeated = [serial for serial, times in Counter(cleaned).items() if times > 1]
    if repeated:
        verb = "appears" if len(repeated) == 1 else "appear"
        message = f"{_listed('Serial', repeated)} {verb} more than once; give each serial once."
        raise invalid("serials", message)
    return cleaned


def _listed(noun: str, items: Sequence[object]) -> str:
    """Write "job 4" or "jobs 4, 5 and 6"."""
    if len(items) == 1:
        return f"{noun} {items[0]}"
    *head, last = items
    return f"{noun}s {', '.join(map(str, head))} and {last}"


def add_job(
    session: Session,
    version_id: int,
    station_id: str,
    stack_id: str,
    quantity: int | None = None,
    serials: Sequence[str] | None = None,
    priority: int = 0,
    created_by: int | None = None,
    *,
    actor: dict[str, Any],
) -> Job:
    """Queue `quantity` units (or one per serial) of a project version at a station.

    A job goes after every pending job of equal or higher priority and before lower ones.
    """
    stack_id = (stack_id or "").strip()
    if not stack_id or len(stack_id) > SERIAL_MAX:
        raise invalid("stack_id", f"Give a stack id of 1 to {plural(SERIAL_MAX, 'character')}.")
    if serials is not None:
        serials = _clean_serials(serials)
        if quantity is not None and quantity != len(serials):
            given = plural(len(serials), "serial")
            raise invalid("quantity", f"Quantity {quantity} does not match the {given} given.")
        quantity = len(serials)
    quantity = 1 if quantity is None else quantity
    if not 1 <= quantity <= QUANTITY_MAX:
        raise invalid("quantity", f"Quantity must be from 1 to {QUANTITY_MAX}.")
    if not PRIORITY_RANGE[0] <= priority <= PRIORITY_RANGE[1]:
        low, high = PRIORITY_RANGE
        raise invalid("priority", f"Priority must be from {low} to {high}.")
    with transition(session):
        version = session.get(ProjectVersion, version_id)
        if version is None:
            raise invalid("version_id", f"There is no project version {version_id}.")
        if version.project.archived:
            raise invalid(
                "version_id",
                f'Project "{version.project.name}" is archived, so it cannot be queued.',
            )
        if not version.steps:
            raise invalid(
                "version_id",
                f'Version {version.number} of project "{version.project.name}" has no steps.',
            )
        if session.get(Station, station_id) is None:
            raise invalid("station_id", f"There is no station {station_id}.")
        lock_station(session, station_id)
        queue = _pending(session, station_id)
        at = next((i for i, job in enumerate(queue) if job.priority < priority), len(queue))
        job = Job(
            project_version_id=version.id,
            station_id=station_id,
            stack_id=stack_id,
            quantity=quantity,
            serials=serials,
            priority=priority,
            state=JobState.PENDING,
            created_by_id=created_by,
        )
        session.add(job)
        queue.insert(at, job)
        for position, queued in enumerate(queue):
            queued.position = position
        session.flush()
        _audit(session, actor, "add", job, version_id=version.id, quantity=quantity)
        session.commit()
        effects.queue_changed(session, station_id, job.id)
    return job


def _order_refused(station_id: str, pending: Sequence[int]) -> str:
    """Say which jobs a reorder of the station's queue must list."""
    if not pending:
        return f"There are no pending jobs at {station_id} to put in order."
    return f"List each pending job at {station_id} exactly once: {_listed('job', pending)}."


def reorder(
    session: Session, station_id: str, ordered_ids: Sequence[int], *, actor: dict[str, Any]
) -> list[Job]:
    """Put a station's pending jobs in the given order; the ids must be exactly those jobs."""
    with transition(session):
        if session.get(Station, station_id) is None:
            raise not_found("station", station_id)
        lock_station(session, station_id)
        queue = {job.id: job for job in _pending(session, station_id)}
        if len(set(ordered_ids)) != len(ordered_ids) or set(ordered_ids) != set(queue):
            raise conflict(_order_refused(station_id, sorted(queue)), "ids")
        for position, job_id in enumerate(ordered_ids):
            queue[job_id].position = position
        record(
            session,
            **actor,
            action="assembly.job.reorder",
            subject_type="assembly_station",
            subject_id=station_id,
            detail={"ids": list(ordered_ids)},
        )
        session.commit()
        effects.queue_changed(session, station_id, *ordered_ids)
    return _pending(session, station_id)


def cancel(session: Session, job_id: int, *, actor: dict[str, Any]) -> Job:
    """Cancel a pending job (409 once it is active or ended)."""
    with transition(session):
        job = session.get(Job, job_id)
        if job is None:
            raise not_found("job", job_id)
        lock_station(session, job.station_id)
        session.refresh(job)
        if job.state != JobState.PENDING:
            raise conflict(f"Job {job_id} is {job.state}; only pending jobs can be cancelled.")
        job.state = JobState.CANCELLED
        _audit(session, actor, "cancel", job)
        session.commit()
        effects.queue_changed(session, job.station_id, job.id)
    return job
