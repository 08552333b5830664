"""One session's step timeline (start, end, duration against target) and its summary."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.const import EventKind, RunStatus, abort_place, abort_reason_text
from assembly.models import Component, ProjectStep, StepEvent
from assembly.records.queries import SessionRow

# Events that close the step they are recorded at (a later step's events close it too).
CLOSING_KINDS = frozenset({EventKind.REVIEW, EventKind.FINISH, EventKind.ABORT})
BATCH = 500


@dataclass(frozen=True)
class StepTiming:
    """How one step of a session went."""

    index: int
    component_id: str
    component_name: str
    label: str
    started_at: datetime | None
    ended_at: datetime | None
    target_s: int | None
    confirmations: int
    aborted: bool

    @property
    def duration_s(self) -> float | None:
        """Return the seconds from the step being shown to it being left, or None."""
        if self.started_at is None or self.ended_at is None:
            return None
        return round((self.ended_at - self.started_at).total_seconds(), 3)

    @property
    def delta_s(self) -> float | None:
        """Return the duration minus the target (positive: slower than target), or None."""
        if self.duration_s is None or self.target_s is None:
            return None
        return round(self.duration_s - self.target_s, 3)


@dataclass(frozen=True)
class SessionSummary:
    """The headline figures of one session."""

    duration_s: float | None
    steps_done: int
    steps_total: int
    abort_step: int | None
    abort_place: str | None  # "step 2" or "review"
    abort_component: str | None
    abort_reason: str | None  # as people read it: "pedal held", or the supervisor's text
    abort_code: str | None
    abort_note: str | None


def _step_end(events: list[StepEvent], index: int, start: datetime) -> StepEvent | None:
    for event in events:
        if event.at < start:
            continue
        if event.step_index > index or (event.step_index == index and event.kind in CLOSING_KINDS):
            return event
    return None


def session_events(session: Session, session_id: int) -> list[StepEvent]:
    """Return a session's step events in the order they happened."""
    query = (
        select(StepEvent)
        .where(StepEvent.session_id == session_id)
        .order_by(StepEvent.at, StepEvent.id)
    )
    return list(session.scalars(query))


def version_steps(
    session: Session, version_ids: Iterable[int]
) -> dict[int, list[tuple[ProjectStep, Component]]]:
    """Return each version's steps with their components, in order (one query for them all)."""
    steps: dict[int, list[tuple[ProjectStep, Component]]] = {}
    ids = sorted(set(version_ids))
    for start in range(0, len(ids), BATCH):
        query = (
            select(ProjectStep, Component)
            .join(Component, Component.id == ProjectStep.component_id)
            .where(ProjectStep.version_id.in_(ids[start : start + BATCH]))
            .order_by(ProjectStep.version_id, ProjectStep.position)
        )
        for step, component in session.execute(query):
            steps.setdefault(step.version_id, []).append((step, component))
    return steps


def timeline(
    session: Session,
    row: SessionRow,
    events: list[StepEvent] | None = None,
    steps: list[tuple[ProjectStep, Component]] | None = None,
) -> list[StepTiming]:
    """Return per step of the session's version: start (first shown), end, target, confirms.

    Give the events and steps when timing many sessions, to load them once for all.
    """
    if events is None:
        events = session_events(session, row.id)
    if steps is None:
        steps = version_steps(session, [row.version_id]).get(row.version_id, [])
    timings = []
    for index, (step, component) in enumerate(steps):
        at_step = [event for event in events if event.step_index == index]
        shown = next((e.at for e in at_step if e.kind == EventKind.SHOWN), None)
        end = _step_end(events, index, shown) if shown is not None else None
        timings.append(
            StepTiming(
                index=index,
                component_id=component.id,
                component_name=component.name,
                label=step.label,
                started_at=shown,
                ended_at=end.at if end is not None else None,
                target_s=component.target_seconds,
                confirmations=sum(1 for e in at_step if e.kind == EventKind.CONFIRMED),
                aborted=end is not None and end.kind == EventKind.ABORT,
            )
        )
    return timings


def summary(row: SessionRow, timings: list[StepTiming]) -> SessionSummary:
    """Return the session's duration, steps done of total, and where and why it aborted."""
    abort_component = None
    aborted = row.status == RunStatus.ABORTED and row.abort_step is not None
    if aborted and 0 <= row.abort_step < len(timings):
        abort_component = timings[row.abort_step].component_name
    return SessionSummary(
        duration_s=row.duration_s,
        steps_done=row.steps_done,
        steps_total=row.steps_total,
        abort_step=row.abort_step,
        abort_place=abort_place(row.abort_step, row.steps_total),
        abort_component=abort_component,
        abort_reason=abort_reason_text(row.abort_reason),
        abort_code=row.abort_code,
        abort_note=row.abort_note,
    )
