"""Read side of session records: filtered, paged session lists and export rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from math import ceil

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from assembly.const import RunStatus
from assembly.models import AssemblySession, Job, Project, ProjectVersion, SessionStep
from assembly.records.const import PAGE_SIZE
from core.auth.models import User

Operator = aliased(User, name="operator")
Signer = aliased(User, name="signer")


@dataclass(frozen=True)
class SessionFilters:
    """What the session list is narrowed to; None means no filter on that field."""

    project: str | None = None
    operator: int | None = None
    station: str | None = None
    status: RunStatus | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str | None = None


@dataclass(frozen=True)
class SessionRow:
    """One session as the list and the exports show it."""

    id: int
    job_id: int
    stack_id: str
    unit_serial: str | None
    project_id: str
    project_name: str
    version_id: int
    version_number: int
    operator_id: int
    operator_name: str
    station_id: str
    started_at: datetime
    ended_at: datetime | None
    status: str
    current_step: int
    steps_total: int
    abort_step: int | None
    abort_reason: str | None
    abort_code: str | None
    abort_note: str | None
    signed_off_by: str | None
    signed_off_at: datetime | None

    @property
    def duration_s(self) -> float | None:
        """Return the seconds from start to end, or None while the session is open."""
        if self.ended_at is None:
            return None
        return round((self.ended_at - self.started_at).total_seconds(), 3)

    @property
    def steps_done(self) -> int:
        """Return how many steps were completed (an abort keeps the ones before it)."""
        if self.status in (RunStatus.FINISHED, RunStatus.REVIEW):
            return self.steps_total
        if self.status == RunStatus.ABORTED and self.abort_step is not None:
            return min(self.abort_step, self.steps_total)
        return min(self.current_step, self.steps_total)


@dataclass(frozen=True)
class SessionPage:
    """One page of the filtered list, with what the shared pagination macro reads."""

    items: list[SessionRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """Return the number of pages (at least one)."""
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        """Tell whether a previous page exists."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """Tell whether a next page exists."""
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        """Return the previous page number."""
        return self.page - 1

    @property
    def next_num(self) -> int:
        """Return the next page number."""
        return self.page + 1

    def iter_pages(self) -> Iterator[int | None]:
        """Yield the first two, the last two and two around the current page; None is a gap."""
        shown = {1, 2, self.pages - 1, self.pages, *range(self.page - 2, self.page + 3)}
        previous = 0
        for number in sorted(n for n in shown if 1 <= n <= self.pages):
            if number != previous + 1:
                yield None
            yield number
            previous = number


def _steps_total() -> object:
    """Count the steps the session recorded when it started (not its version's steps now)."""
    return (
        select(func.count(SessionStep.id))
        .where(SessionStep.session_id == AssemblySession.id)
        .correlate(AssemblySession)
        .scalar_subquery()
    )


def _rows_query() -> Select:
    return (
        select(
            AssemblySession.id,
            AssemblySession.job_id,
            Job.stack_id,
            AssemblySession.unit_serial,
            Project.id.label("project_id"),
            AssemblySession.project_name,
            ProjectVersion.id.label("version_id"),
            ProjectVersion.number.label("version_number"),
            AssemblySession.operator_id,
            func.coalesce(Operator.display_name, Operator.username).label("operator_name"),
            AssemblySession.station_id,
            AssemblySession.started_at,
            AssemblySession.ended_at,
            AssemblySession.status,
            AssemblySession.current_step,
            _steps_total().label("steps_total"),
            AssemblySession.abort_step,
            AssemblySession.abort_reason,
            AssemblySession.abort_code,
            AssemblySession.abort_note,
            func.coalesce(Signer.display_name, Signer.username).label("signed_off_by"),
            AssemblySession.signed_off_at,
        )
        .select_from(AssemblySession)
        .join(Job, Job.id == AssemblySession.job_id)
        .join(ProjectVersion, ProjectVersion.id == AssemblySession.project_version_id)
        .join(Project, Project.id == ProjectVersion.project_id)
        .join(Operator, Operator.id == AssemblySession.operator_id)
        .outerjoin(Signer, Signer.id == AssemblySession.signed_off_by_id)
    )


def day_start(day: date) -> datetime:
    """Return the first moment of a UTC calendar day."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def _filtered(query: Select, filters: SessionFilters) -> Select:
    if filters.project:
        query = query.where(Project.id == filters.project)
    if filters.operator is not None:
        query = query.where(AssemblySession.operator_id == filters.operator)
    if filters.station:
        query = query.where(AssemblySession.station_id == filters.station)
    if filters.status:
        query = query.where(AssemblySession.status == RunStatus(filters.status))
    if filters.date_from:
        query = query.where(AssemblySession.started_at >= day_start(filters.date_from))
    if filters.date_to:
        end = day_start(filters.date_to) + timedelta(days=1)
        query = query.where(AssemblySession.started_at < end)
    if filters.text and filters.text.strip():
        needle = filters.text.strip().lower()
        columns = (
            Job.stack_id,
            AssemblySession.unit_serial,
            AssemblySession.project_name,
            Project.name,  # a renamed project's sessions are found by its new name too
            Operator.display_name,
            Operator.username,
        )
        query = query.where(
            or_(*(func.lower(column).contains(needle, autoescape=True) for column in columns))
        )
    return query


def _newest_first(query: Select) -> Select:
    return query.order_by(AssemblySession.started_at.desc(), AssemblySession.id.desc())


def search_sessions(
    session: Session, filters: SessionFilters, *, page: int = 1, per_page: int = PAGE_SIZE
) -> SessionPage:
    """Return one page of the sessions matching the filters, newest first."""
    count_query = _filtered(
        select(func.count(AssemblySession.id))
        .select_from(AssemblySession)
        .join(Job, Job.id == AssemblySession.job_id)
        .join(ProjectVersion, ProjectVersion.id == AssemblySession.project_version_id)
        .join(Project, Project.id == ProjectVersion.project_id)
        .join(Operator, Operator.id == AssemblySession.operator_id),
        filters,
    )
    total = session.scalar(count_query) or 0
    query = _newest_first(_filtered(_rows_query(), filters))
    rows = session.execute(query.limit(per_page).offset((page - 1) * per_page))
    items = [SessionRow(**row._mapping) for row in rows]
    return SessionPage(items=items, total=total, page=page, per_page=per_page)


def iter_session_rows(
    session: Session, filters: SessionFilters, *, batch: int = 500
) -> Iterator[SessionRow]:
    """Yield every session matching the filters, newest first, fetched in batches."""
    query = _newest_first(_filtered(_rows_query(), filters)).execution_options(yield_per=batch)
    for row in session.execute(query):
        yield SessionRow(**row._mapping)


def get_session_row(session: Session, session_id: int) -> SessionRow | None:
    """Return one session's row, or None."""
    row = session.execute(_rows_query().where(AssemblySession.id == session_id)).first()
    return None if row is None else SessionRow(**row._mapping)


def filter_choices(session: Session) -> dict[str, list[tuple[str, str]]]:
    """Return the (value, label) options of the project, operator and station filters."""
    projects = session.execute(select(Project.id, Project.name).order_by(Project.name))
    operators = session.execute(
        select(User.id, func.coalesce(User.display_name, User.username))
        .where(User.id.in_(select(AssemblySession.operator_id)))
        .order_by(User.display_name)
    )
    stations = session.scalars(
        select(AssemblySession.station_id).distinct().order_by(AssemblySession.station_id)
    )
    return {
        "projects": [(pid, name) for pid, name in projects],
        "operators": [(str(uid), name) for uid, name in operators],
        "stations": [(sid, sid) for sid in stations],
    }
