"""The crafted sessions of make_session are recorded as the kiosk's own service records them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from assembly.const import EventKind
from assembly.floor import progress, start
from assembly.models import AssemblySession, SessionStep, StepEvent
from core.extensions import db
from tests.fixtures.assembly_sessions import T0

CLOSING = (EventKind.REVIEW, EventKind.FINISH, EventKind.ABORT)


@pytest.fixture
def app(any_db_app: Flask) -> Flask:
    return any_db_app


def kiosk(app: Flask, job_id: int, operator, actions: tuple[str, ...]) -> int:
    """Start a session and press `actions` at steps 0, 1, ... ten seconds apart."""
    station = app.config["DEVICE_ID"]
    with app.app_context():
        sid = start(db.session, job_id, operator, station, now=T0).session.id
        for step, action in enumerate(actions):
            moment = T0 + timedelta(seconds=10 * (step + 1))
            progress(db.session, sid, action, step, operator, station, moment)
    return sid


def closing(app: Flask, session_id: int) -> tuple[int, list[tuple[str, int, str | None]]]:
    """Return the session's current step and its review, finish and abort events."""
    with app.app_context():
        run = db.session.get(AssemblySession, session_id)
        events = db.session.scalars(
            select(StepEvent)
            .where(StepEvent.session_id == session_id, StepEvent.kind.in_(CLOSING))
            .order_by(StepEvent.id)
        )
        return run.current_step, [(e.kind, e.step_index, e.component_id) for e in events]


def recorded(app: Flask, session_id: int) -> list[tuple]:
    with app.app_context():
        steps = db.session.scalars(
            select(SessionStep)
            .where(SessionStep.session_id == session_id)
            .order_by(SessionStep.position)
        )
        return [
            (s.position, s.component_id, s.component_name, s.colour, s.target_seconds, s.label)
            for s in steps
        ]


def test_review_and_finish_are_recorded_one_past_the_last_step_like_the_kiosk(
    app, make_project, make_job, make_session, user_factory
) -> None:
    version = make_project().version_id
    operator = user_factory("operator")
    real = kiosk(app, make_job(version), operator, ("next", "next", "next", "finish"))
    crafted = make_session(make_job(version, stack_id="S-2"), operator.id)
    assert (
        closing(app, crafted)
        == closing(app, real)
        == (
            3,
            [(EventKind.REVIEW, 3, None), (EventKind.FINISH, 3, None)],
        )
    )
    assert recorded(app, crafted) == recorded(app, real)
    assert len(recorded(app, real)) == 3


def test_an_abort_in_the_review_follows_the_review_like_the_kiosk(
    app, make_project, make_job, make_session, user_factory
) -> None:
    version = make_project().version_id
    operator = user_factory("operator")
    real = kiosk(app, make_job(version), operator, ("next", "next", "next", "abort"))
    crafted = make_session(
        make_job(version, stack_id="S-2"), operator.id, status="aborted", abort_step=3
    )
    assert (
        closing(app, crafted)
        == closing(app, real)
        == (
            3,
            [(EventKind.REVIEW, 3, None), (EventKind.ABORT, 3, None)],
        )
    )
