"""Refusals read as sentences, steps counted from 1; fields and the session JSON keep indices."""

from __future__ import annotations

import ast
import inspect
import re
import traceback
from collections.abc import Callable
from functools import partial

import pytest
from flask import Flask

from assembly.const import PressAbort
from assembly.floor import FloorError, force_abort, progress, start
from assembly.floor import jobs as floor_jobs
from assembly.floor import sessions as floor_sessions
from assembly.floor import stations as floor_stations
from assembly.floor import transitions as floor_transitions
from assembly.floor.stations import ensure_station, session_at
from assembly.models import Project
from assembly.records import services as record_services
from assembly.records.services import RecordError
from core.extensions import db
from tests.assembly.floor.helpers import at
from tests.fixtures.auth import DEFAULT_PASSWORD, TEST_ACTOR


@pytest.fixture
def app(any_db_app: Flask) -> Flask:
    return any_db_app


@pytest.fixture
def two_steps(ctx: str, user_factory, make_project, make_job):
    """Start a two-step session; return (session id, operator, station)."""
    operator = user_factory("operator")
    job_id = make_job(make_project(("anode", "cathode")).version_id)
    return start(db.session, job_id, operator, ctx, now=at(0)).session.id, operator, ctx


def refusal(sid: int, operator, station: str, action: str, step: int, when: float) -> FloorError:
    with pytest.raises(FloorError) as refused:
        progress(db.session, sid, action, step, operator, station, at(when))
    return refused.value


def test_a_stale_press_names_the_steps_as_operators_count_them(two_steps) -> None:
    sid, operator, station = two_steps
    progress(db.session, sid, "next", 0, operator, station, at(2))
    stale = refusal(sid, operator, station, "next", 0, 4)
    assert stale.message == "That press was for step 1, but the session is at step 2."
    assert stale.fields == {"step": stale.message}
    progress(db.session, sid, "next", 1, operator, station, at(4))
    late = refusal(sid, operator, station, "finish", 1, 6)
    assert late.message == "That press was for step 2, but the session is at the review."


def test_review_from_an_earlier_step_names_the_last_step_from_1(two_steps) -> None:
    sid, operator, station = two_steps
    early = refusal(sid, operator, station, "review", 0, 2)
    assert (early.status, early.message) == (
        409,
        "The review opens only from the last step, step 2.",
    )
    assert set(early.fields) == {"action"}
    state = progress(db.session, sid, "next", 0, operator, station, at(2)).state
    assert state["current_step"] == 1  # the JSON keeps counting from 0


RAISED = (FloorError, RecordError)
REFUSING_MODULES = (floor_jobs, floor_sessions, floor_stations, floor_transitions, record_services)
MODULE_OF_FILE = {module.__file__: module.__name__ for module in REFUSING_MODULES}
SENTENCE = re.compile(r"[A-Z].*\.", re.DOTALL)


def refusing_functions() -> set[str]:
    """Name every function of the floor and records services that raises a refusal itself."""
    raisers = {"FloorError", "RecordError", "conflict", "invalid", "not_found"}
    names = set()
    for module in REFUSING_MODULES:
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(raised, ast.Raise)
                and isinstance(raised.exc, ast.Call)
                and getattr(raised.exc.func, "id", None) in raisers
                for raised in ast.walk(node)
            ):
                names.add(f"{module.__name__}.{node.name}")
    return names


class Refusals:
    """Collect refused calls: their messages and the function that raised each."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.raisers: set[str] = set()

    def of(self, call: Callable[..., object], *args: object, **kwargs: object) -> str:
        with pytest.raises(RAISED) as refused:
            call(*args, **kwargs)
        error = refused.value
        fields = error.fields if isinstance(error, FloorError) else {}
        self.messages += [error.message, *fields.values()]
        frame = traceback.extract_tb(refused.tb)[-1]
        module = MODULE_OF_FILE.get(frame.filename, frame.filename)
        self.raisers.add(f"{module}.{frame.name}")
        return error.message


def test_every_refusal_reads_as_a_sentence(ctx: str, user_factory, make_project, make_job) -> None:
    operator, other = user_factory("operator"), user_factory("operator")
    supervisor = user_factory("supervisor")
    version = make_project(("anode", "cathode")).version_id
    empty = make_project((), project_id="empty").version_id
    archived = make_project(project_id="old")
    db.session.get(Project, archived.project_id).archived = True
    db.session.commit()
    job, waiting, empty_job = make_job(version), make_job(version, stack_id="S-2"), make_job(empty)
    elsewhere = make_job(version, station_id="station-2")
    ensure_station(db.session, "station-3")
    db.session.commit()
    act = {"actor": TEST_ACTOR}
    refuse = Refusals()
    add = partial(floor_jobs.add_job, db.session, version, ctx, "S-9", **act)

    # The queue.
    assert refuse.of(add, serials=["A1", "A2", "A1"]) == (
        "Serial A1 appears more than once; give each serial once."
    )
    assert refuse.of(add, quantity=2, serials=["A1"]) == (
        "Quantity 2 does not match the 1 serial given."
    )
    refuse.of(add, serials=[" "])
    refuse.of(floor_jobs.add_job, db.session, version, ctx, " ", **act)
    refuse.of(add, quantity=0)
    refuse.of(add, priority=101)
    refuse.of(floor_jobs.add_job, db.session, 999, ctx, "S-9", **act)
    refuse.of(floor_jobs.add_job, db.session, archived.version_id, ctx, "S-9", **act)
    refuse.of(floor_jobs.add_job, db.session, empty, ctx, "S-9", **act)
    refuse.of(floor_jobs.add_job, db.session, version, "nowhere", "S-9", **act)
    assert refuse.of(floor_jobs.reorder, db.session, ctx, [job], **act) == (
        f"List each pending job at {ctx} exactly once: jobs {job}, {waiting} and {empty_job}."
    )
    refuse.of(floor_jobs.reorder, db.session, "station-3", [job], **act)
    refuse.of(floor_jobs.reorder, db.session, "nowhere", [], **act)
    refuse.of(floor_jobs.cancel, db.session, 999, **act)

    # Starting and pressing.
    refuse.of(start, db.session, 999, operator, ctx)
    refuse.of(start, db.session, elsewhere, operator, ctx)
    sid = start(db.session, job, operator, ctx, now=at(0)).session.id
    refuse.of(start, db.session, job, operator, ctx)
    refuse.of(start, db.session, waiting, operator, ctx)
    refuse.of(start, db.session, elsewhere, operator, "station-2")
    refuse.of(floor_jobs.cancel, db.session, job, **act)
    press = partial(progress, db.session, sid)
    assert refuse.of(press, "next", 0, operator, ctx, at(0.5)).startswith("Too soon")
    refuse.of(press, "review", 0, operator, ctx, at(2))
    refuse.of(press, "finish", 0, operator, ctx, at(2))
    refuse.of(press, "jump", 0, operator, ctx, at(2))
    refuse.of(press, "next", 0, operator, ctx, at(2), reason=PressAbort.HOLD)
    refuse.of(press, "next", 0, operator, "station-2", at(2))
    refuse.of(press, "next", 0, other, ctx, at(2))
    refuse.of(progress, db.session, 999, "next", 0, operator, ctx, at(2))
    refuse.of(session_at, db.session, 999, None)
    refuse.of(force_abort, db.session, sid, " ", supervisor, "web")
    press("next", 0, operator, ctx, at(2))
    refuse.of(press, "next", 0, operator, ctx, at(4))
    press("next", 1, operator, ctx, at(4))
    refuse.of(press, "next", 2, operator, ctx, at(6))
    press("finish", 2, operator, ctx, at(6))
    refuse.of(start, db.session, waiting, operator, ctx, now=at(6.5))
    refuse.of(press, "abort", 2, operator, ctx, at(8))
    refuse.of(start, db.session, empty_job, operator, ctx)

    # The records of ended sessions.
    code = partial(record_services.set_abort_code, db.session, **act)
    sign = partial(record_services.sign_off, db.session, **act)
    running = start(db.session, waiting, operator, ctx, now=at(10)).session.id
    refuse.of(sign, running, supervisor.id, DEFAULT_PASSWORD)
    force_abort(db.session, running, "glove torn", supervisor, "web", now=at(12))
    refuse.of(sign, running, supervisor.id, DEFAULT_PASSWORD)
    refuse.of(sign, running, operator.id, DEFAULT_PASSWORD)
    refuse.of(sign, running, supervisor.id, "not-the-password")
    refuse.of(code, 999, "other", "x")
    refuse.of(code, running, "sabotage", "")
    refuse.of(code, running, "other", " ")
    refuse.of(code, running, "other", "x" * 1001)
    refuse.of(code, sid, "other", "x")
    code(running, "material_defect", "")
    sign(running, supervisor.id, DEFAULT_PASSWORD)
    refuse.of(sign, running, supervisor.id, DEFAULT_PASSWORD)
    refuse.of(code, running, "other", "x")

    assert refuse.raisers >= refusing_functions()
    wrong = [message for message in refuse.messages if not SENTENCE.fullmatch(message)]
    assert wrong == []
