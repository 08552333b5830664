"""Session records test data: sessions with step events at known times, made in the tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask

from assembly.const import EventKind, RunStatus
from assembly.models import AssemblySession, Job, ProjectStep, StepEvent
from core.extensions import db

T0 = datetime(2026, 11, 20, 8, 0, 0, tzinfo=UTC)
MakeSession = Callable[..., int]


@pytest.fixture
def make_session(app: Flask) -> MakeSession:
    """Return make(job_id, operator_id, step_seconds=(10, 20, 30), status="finished", ...) -> id.

    Step i is shown after the previous steps' seconds; a finished run reviews after the last
    step and finishes `review_s` later; an aborted run aborts `step_seconds[abort_step]` into
    its abort step.
    """

    def make(
        job_id: int,
        operator_id: int,
        step_seconds: Sequence[float] = (10, 20, 30),
        *,
        status: str = RunStatus.FINISHED,
        started_at: datetime = T0,
        abort_step: int | None = None,
        abort_reason: str | None = None,
        unit_serial: str | None = None,
        review_s: float = 5,
        confirmations: dict[int, int] | None = None,
    ) -> int:
        with app.app_context():
            job = db.session.get(Job, job_id)
            steps = db.session.query(ProjectStep).filter_by(version_id=job.project_version_id)
            components = [s.component_id for s in steps.order_by(ProjectStep.position)]
            run = AssemblySession(
                job_id=job_id,
                project_version_id=job.project_version_id,
                station_id=job.station_id,
                operator_id=operator_id,
                unit_serial=unit_serial,
                status=status,
                started_at=started_at,
                step_started_at=started_at,
                abort_reason=abort_reason,
            )
            db.session.add(run)
            db.session.flush()
            moment = started_at

            def event(index: int, kind: str, at: datetime) -> None:
                db.session.add(
                    StepEvent(
                        session_id=run.id,
                        step_index=index,
                        component_id=components[min(index, len(components) - 1)],
                        kind=kind,
                        at=at,
                        operator_id=operator_id,
                        device=job.station_id,
                    )
                )

            last = abort_step if status == RunStatus.ABORTED else len(step_seconds) - 1
            for index, seconds in enumerate(step_seconds[: (last or 0) + 1]):
                event(index, EventKind.SHOWN, moment)
                for _ in range((confirmations or {}).get(index, 0)):
                    event(index, EventKind.CONFIRMED, moment + timedelta(seconds=seconds / 2))
                moment += timedelta(seconds=seconds)
                run.current_step = index
            if status == RunStatus.ABORTED:
                event(abort_step or 0, EventKind.ABORT, moment)
                run.abort_step = abort_step
                run.ended_at = moment
            elif status in (RunStatus.FINISHED, RunStatus.REVIEW):
                event(len(step_seconds) - 1, EventKind.REVIEW, moment)
                if status == RunStatus.FINISHED:
                    moment += timedelta(seconds=review_s)
                    event(len(step_seconds) - 1, EventKind.FINISH, moment)
                    run.ended_at = moment
            db.session.commit()
            return run.id

    return make
