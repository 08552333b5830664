"""One session's step timeline (start, end, duration against target) and its summary.

Both read the steps the session recorded when it started (component name, colour, target,
critical flag, label, note), never the live catalogue, so a later edit leaves the record alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.const import EventKind, RunStatus, abort_place, abort_reason_text
from assembly.models import SessionStep, StepEvent
from assembly.records.queries import SessionRow

# Events that close the step they are recorded at (a later step's events close it too): a step
# runs from being shown to being confirmed (or to the review, finish or abort at it).
CLOSING_KINDS = frozenset(
    {EventKind.CONFIRMED, EventKind.REVIEW, EventKind.FINISH, EventKind.ABORT}
)
BATCH = 500
# Session id -> the steps that session recorded, in order.
RecordedSteps = Mapping[int, Sequence[SessionStep]]


@dataclass(frozen=True)
class StepTiming:
    """How one step of a session went."""

    index: int
    component_id: str
    component_name: str
    colour: str
    critical: bool
    label: str
    note: str
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


def session_steps(session: Session, session_ids: Iterable[int]) -> dict[int, list[SessionStep]]:
    """Return the steps each session recorded, in order (one query per 500 sessions)."""
    steps: dict[int, list[SessionStep]] = {}
    ids = sorted(set(session_ids))
    for start in range(0, len(ids), BATCH):
        query = (
            select(SessionStep)
            .where(SessionStep.session_id.in_(ids[start : start + BATCH]))
            .order_by(SessionStep.session_id, SessionStep.position)
        )
        for step in session.scalars(query):
            steps.setdefault(step.session_id, []).append(step)
    return steps


def timeline(
    session: Session,
    row: SessionRow,
    events: list[StepEvent] | None = None,
    steps: RecordedSteps | None = None,
) -> list[StepTiming]:
    """Return per step the session recorded: start (first shown), end, target, confirmations.

    Give the events and the recorded steps (by session id, as session_steps returns them) when
    timing many sessions, to load them once for all.
    """
    if events is None:
        events = session_events(session, row.id)
    if steps is None:
        steps = session_steps(session, [row.id])
    timings = []
    for step in steps.get(row.id, ()):
        index = step.position
        at_step = [event for event in events if event.step_index == index]
        shown = next((e.at for e in at_step if e.kind == EventKind.SHOWN), None)
        end = _step_end(events, index, shown) if shown is not None else None
        timings.append(
            StepTiming(
                index=index,
                component_id=step.component_id,
                component_name=step.component_name,
                colour=step.colour,
                critical=step.critical,
                label=step.label,
                note=step.note,
                started_at=shown,
                ended_at=end.at if end is not None else None,
                target_s=step.target_seconds,
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
