"""What the dashboard and the queue manager show first, before Socket.IO keeps them live."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assembly.const import RunStatus
from assembly.floor.jobs import list_queue
from assembly.floor.state import job_views
from assembly.floor.stations import station_views
from assembly.models import AssemblySession, Project, ProjectStep, ProjectVersion


@dataclass(frozen=True)
class TodayCounts:
    """Sessions ended on one UTC day: finished, aborted and the mean finished cycle time."""

    day: str
    finished: int
    aborted: int
    cycle_s_total: float

    @property
    def average_cycle_s(self) -> float | None:
        """Return the mean start-to-finish seconds of the finished sessions, or None."""
        return round(self.cycle_s_total / self.finished, 1) if self.finished else None

    def as_json(self) -> dict[str, Any]:
        """Return the counts as the dashboard's API gives them."""
        return {
            "day": self.day,
            "finished": self.finished,
            "aborted": self.aborted,
            "average_cycle_s": self.average_cycle_s,
        }


def today_counts(session: Session, now: datetime) -> TodayCounts:
    """Count the sessions that ended on the UTC day of `now`."""
    start = datetime.combine(now.astimezone(UTC).date(), datetime.min.time(), tzinfo=UTC)
    query = select(AssemblySession).where(
        AssemblySession.ended_at >= start,
        AssemblySession.ended_at < start + timedelta(days=1),
        AssemblySession.status.in_((RunStatus.FINISHED, RunStatus.ABORTED)),
    )
    finished = aborted = 0
    total = 0.0
    for run in session.scalars(query):
        if run.status == RunStatus.FINISHED:
            finished += 1
            total += (run.ended_at - run.started_at).total_seconds()
        else:
            aborted += 1
    return TodayCounts(start.date().isoformat(), finished, aborted, round(total, 3))


def job_choices(session: Session) -> list[tuple[int, str]]:
    """Return (version id, label) of the latest version of every live project with steps."""
    latest = (
        select(ProjectVersion.project_id, func.max(ProjectVersion.number).label("number"))
        .group_by(ProjectVersion.project_id)
        .subquery()
    )
    steps = (
        select(func.count(ProjectStep.id))
        .where(ProjectStep.version_id == ProjectVersion.id)
        .correlate(ProjectVersion)
        .scalar_subquery()
    )
    query = (
        select(ProjectVersion.id, Project.name, ProjectVersion.number, steps)
        .join(Project, Project.id == ProjectVersion.project_id)
        .join(
            latest,
            (latest.c.project_id == ProjectVersion.project_id)
            & (latest.c.number == ProjectVersion.number),
        )
        .where(Project.archived.is_(False), steps > 0)
        .order_by(func.lower(Project.name), Project.id)
    )
    return [
        (version_id, f"{name} v{number} ({count} step{'' if count == 1 else 's'})")
        for version_id, name, number, count in session.execute(query)
    ]


def queues(session: Session) -> list[dict[str, Any]]:
    """Return each station with its open jobs in queue order and its open session."""
    jobs: dict[str, list[dict[str, Any]]] = {}
    for view in job_views(session, list_queue(session)):
        jobs.setdefault(view["station_id"], []).append(view)
    return [
        {
            "id": station["id"],
            "name": station["name"],
            "jobs": jobs.get(station["id"], []),
            "session": station["session"],
        }
        for station in station_views(session)
    ]


def elapsed(since: str | None, now: datetime) -> str:
    """Return the time from an ISO timestamp to `now` as h:mm:ss or m:ss ("—" without one)."""
    if not since:
        return "—"
    seconds = max(0, int((now - datetime.fromisoformat(since)).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
