"""The session state machine: every transition, and every refused one changes nothing."""

from __future__ import annotations

import pytest
from flask import Flask

from assembly.const import EventKind as K
from assembly.const import JobState, RunStatus
from assembly.floor import FloorError, force_abort, progress, resume, start
from assembly.models import AssemblySession, Job
from core.auth.models import User
from core.extensions import db
from tests.assembly.floor.helpers import at, kinds, snapshot
from tests.fixtures.assembly import MakeProject


@pytest.fixture
def app(any_db_app: Flask) -> Flask:
    return any_db_app


@pytest.fixture
def operator(user_factory, ctx: str) -> User:
    return user_factory("operator")


def _run(session_id: int) -> AssemblySession:
    db.session.expire_all()
    return db.session.get(AssemblySession, session_id)


def _job(job_id: int) -> Job:
    db.session.expire_all()
    return db.session.get(Job, job_id)


def test_start_lights_step_zero_and_activates_the_job(
    ctx: str, operator: User, make_project: MakeProject, make_job
) -> None:
    job_id = make_job(make_project().version_id)
    outcome = start(db.session, job_id, operator, ctx, now=at(0))
    run = _run(outcome.session.id)
    assert (run.status, run.current_step, run.step_started_at) == ("running", 0, at(0))
    assert kinds(run.id) == [(K.SHOWN, 0), (K.LED_ON, 0)]
    assert _job(job_id).state == JobState.ACTIVE
    assert outcome.state["steps"][0]["component_id"] == "anode"


def test_a_full_run_next_review_finish(
    ctx: str, operator: User, make_project: MakeProject, make_job
) -> None:
    job_id = make_job(make_project().version_id)
    sid = start(db.session, job_id, operator, ctx, now=at(0)).session.id
    progress(db.session, sid, "next", 0, operator, ctx, at(2))
    assert _run(sid).current_step == 1
    progress(db.session, sid, "next", 1, operator, ctx, at(5))
    outcome = progress(db.session, sid, "next", 2, operator, ctx, at(9))
    run = _run(sid)
    assert (run.status, run.current_step) == (RunStatus.REVIEW, 3)
    assert [step["seconds"] for step in outcome.state["steps"]] == [2.0, 3.0, 4.0]
    progress(db.session, sid, "finish", 3, operator, ctx, at(11))
    run = _run(sid)
    assert (run.status, run.ended_at) == (RunStatus.FINISHED, at(11))
    assert _job(job_id).state == JobState.FINISHED
    assert kinds(sid) == [
        (K.SHOWN, 0), (K.LED_ON, 0),
        (K.CONFIRMED, 0), (K.SHOWN, 1), (K.LED_ON, 1),
        (K.CONFIRMED, 1), (K.SHOWN, 2), (K.LED_ON, 2),
        (K.CONFIRMED, 2), (K.LED_OFF, 2), (K.REVIEW, 3),
        (K.FINISH, 3),
    ]  # fmt: skip


def test_review_action_opens_the_review_from_the_last_step_only(
    ctx: str, operator: User, make_project: MakeProject, make_job
) -> None:
    sid = start(
        db.session,
        make_job(make_project(("anode", "cathode")).version_id),
        operator,
        ctx,
        now=at(0),
    ).session.id
    before = snapshot()
    with pytest.raises(FloorError) as refused:
        progress(db.session, sid, "review", 0, operator, ctx, at(2))
    assert refused.value.status == 409
    assert snapshot() == before
    progress(db.session, sid, "next", 0, operator, ctx, at(2))
    progress(db.session, sid, "review", 1, operator, ctx, at(4))
    assert _run(sid).status == RunStatus.REVIEW


def test_a_job_of_two_units_goes_back_to_pending_until_both_are_done(
    ctx: str, operator: User, make_project: MakeProject, make_job
) -> None:
    job_id = make_job(make_project(("anode",)).version_id, quantity=2)
    for unit in range(2):
        t = unit * 10
        sid = start(db.session, job_id, operator, ctx, now=at(t)).session.id
        progress(db.session, sid, "next", 0, operator, ctx, at(t + 2))
        progress(db.session, sid, "finish", 1, operator, ctx, at(t + 4))
        assert _job(job_id).state == (JobState.PENDING if unit == 0 else JobState.FINISHED)


def test_the_next_unit_cannot_start_inside_the_dwell_after_the_last_ended(
    ctx: str, operator: User, make_project: MakeProject, make_job
) -> None:
    """A burst of presses that finished a unit does not also take the next job."""
    job_id = make_job(make_project(("anode",)).version_id, quantity=2)
    sid = start(db.session, job_id, operator, ctx, now=at(0)).session.id
    progress(db.session, sid, "next", 0, operator, ctx, at(2))
    progress(db.session, sid, "finish", 1, operator, ctx, at(4))
    before = snapshot()
    with pytest.raises(FloorError, match=r"^Too soon") as refused:
        start(db.session, job_id, operator, ctx, now=at(4.4))
    assert refused.value.code == "too_soon"
    assert snapshot() == before
    assert start(db.session, job_id, operator, ctx, now=at(5)).session.id != sid


@pytest.mark.parametrize(
    ("action", "step", "when", "status", "says"),
    [
        ("next", 1, 5, 409, "That press was for step 2"),  # a duplicated press of the previous step
        ("next", 0, 0.5, 409, r"^Too soon"),  # inside ASSEMBLY_MIN_STEP_S
        ("finish", 0, 5, 409, "finish it from the review"),
        ("jump", 0, 5, 422, "The action must be next, review, finish or abort"),
    ],
)
def test_a_refused_press_changes_nothing(
    ctx: str, operator: User, make_project: MakeProject, make_job, action, step, when, status, says
) -> None:
    sid = start(
        db.session, make_job(make_project().version_id), operator, ctx, now=at(0)
    ).session.id
    before = snapshot()
    with pytest.raises(FloorError, match=says) as refused:
        progress(db.session, sid, action, step, operator, ctx, at(when))
    assert refused.value.status == status
    assert snapshot() == before


def test_a_double_press_advances_one_step_only(
    ctx: str, operator: User, make_project: MakeProject, make_job
) -> None:
    sid = start(
        db.session, make_job(make_project().version_id), operator, ctx, now=at(0)
    ).session.id
    progress(db.session, sid, "next", 0, operator, ctx, at(2))
    before = snapshot()
    for step, when in ((0, 2.05), (1, 2.05)):  # the same press resent, and a bounce
        with pytest.raises(FloorError) as refused:
            progress(db.session, sid, "next", step, operator, ctx, at(when))
        assert refused.value.status == 409
    assert snapshot() == before
    assert _run(sid).current_step == 1


def test_review_refuses_next_and_an_ended_session_refuses_everything(
    ctx: str, operator: User, make_project: MakeProject, make_job
) -> None:
    sid = start(
        db.session, make_job(make_project(("anode",)).version_id), operator, ctx, now=at(0)
    ).session.id
    progress(db.session, sid, "next", 0, operator, ctx, at(2))
    before = snapshot()
    with pytest.raises(FloorError, match="in review") as refused:
        progress(db.session, sid, "next", 1, operator, ctx, at(5))
    assert refused.value.status == 409
    assert snapshot() == before
    progress(db.session, sid, "finish", 1, operator, ctx, at(5))
    before = snapshot()
    for action in ("next", "finish", "abort"):
        with pytest.raises(FloorError, match="finished") as refused:
            progress(db.session, sid, action, 1, operator, ctx, at(9))
        assert refused.value.status == 409
    assert snapshot() == before


def test_only_the_sessions_operator_at_its_station_may_press(
    ctx: str, operator: User, user_factory, make_project: MakeProject, make_job
) -> None:
    sid = start(
        db.session, make_job(make_project().version_id), operator, ctx, now=at(0)
    ).session.id
    other = user_factory("operator")
    before = snapshot()
    for who, device in ((other, ctx), (operator, "station-9")):
        with pytest.raises(FloorError) as refused:
            progress(db.session, sid, "next", 0, who, device, at(3))
        assert refused.value.status == 403
    with pytest.raises(FloorError) as missing:
        progress(db.session, 999, "next", 0, operator, ctx, at(3))
    assert missing.value.status == 404
    assert snapshot() == before


def test_one_open_session_per_station_and_only_pending_jobs_start(
    ctx: str, operator: User, make_project: MakeProject, make_job
) -> None:
    version = make_project().version_id
    first, second, elsewhere = (
        make_job(version),
        make_job(version, stack_id="S-2"),
        make_job(version, station_id="station-2"),
    )
    start(db.session, first, operator, ctx, now=at(0))
    before = snapshot()
    for job_id, status, says in (
        (second, 409, "already running"),
        (first, 409, "active, not pending"),
        (elsewhere, 403, "queued for station-2"),
        (12345, 404, "There is no job 12345"),
    ):
        with pytest.raises(FloorError, match=says) as refused:
            start(db.session, job_id, operator, ctx, now=at(1))
        assert refused.value.status == status
    assert snapshot() == before


def test_an_operator_runs_one_session_at_a_time_across_stations(
    ctx: str, operator: User, make_project: MakeProject, make_job
) -> None:
    """One person cannot be assembling at two glove boxes: the record would not be true."""
    version = make_project().version_id
    sid = start(db.session, make_job(version), operator, ctx, now=at(0)).session.id
    there = make_job(version, station_id="station-2")
    before = snapshot()
    with pytest.raises(FloorError, match=f"session {sid} open at {ctx}") as refused:
        start(db.session, there, operator, "station-2", now=at(1))
    assert refused.value.status == 409
    assert snapshot() == before
    progress(db.session, sid, "abort", 0, operator, ctx, at(2))
    assert start(db.session, there, operator, "station-2", now=at(3)).session.station_id == (
        "station-2"
    )


def test_a_critical_step_needs_a_second_press_inside_the_window(
    ctx: str, operator: User, make_project: MakeProject, make_job
) -> None:
    made = make_project(("anode", "cathode"), critical=("anode",))
    sid = start(db.session, make_job(made.version_id), operator, ctx, now=at(0)).session.id
    first = progress(db.session, sid, "next", 0, operator, ctx, at(2))
    assert first.prompt == "confirm"
    assert (_run(sid).current_step, _run(sid).confirm_pending_at) == (0, at(2))
    late = progress(db.session, sid, "next", 0, operator, ctx, at(6))  # window of 3 s passed
    assert late.prompt == "confirm"
    assert _run(sid).confirm_pending_at == at(6)
    with pytest.raises(FloorError, match=r"^Too soon"):
        progress(db.session, sid, "next", 0, operator, ctx, at(6.2))  # a bounce
    confirmed = progress(db.session, sid, "next", 0, operator, ctx, at(8))
    assert confirmed.prompt is None
    run = _run(sid)
    assert (run.current_step, run.confirm_pending_at) == (1, None)
    assert kinds(sid)[2:] == [
        (K.CONFIRM_PROMPT, 0), (K.CONFIRM_PROMPT, 0), (K.CONFIRMED, 0), (K.SHOWN, 1),
        (K.LED_ON, 1),
    ]  # fmt: skip
    assert confirmed.state["steps"][0]["seconds"] == 8.0


def test_abort_keeps_completed_steps_and_queues_the_job_again(
    ctx: str, operator: User, make_project: MakeProject, make_job
) -> None:
    job_id = make_job(make_project().version_id)
    sid = start(db.session, job_id, operator, ctx, now=at(0)).session.id
    progress(db.session, sid, "next", 0, operator, ctx, at(2))
    outcome = progress(db.session, sid, "abort", 1, operator, ctx, at(4))
    run = _run(sid)
    assert (run.status, run.abort_step, run.abort_reason) == (RunStatus.ABORTED, 1, "api")
    assert (K.CONFIRMED, 0) in kinds(sid)
    assert kinds(sid)[-2:] == [(K.LED_OFF, 1), (K.ABORT, 1)]
    # The kiosk's summary shows the time spent on the aborted step too, as the records do.
    assert [step["seconds"] for step in outcome.state["steps"]] == [2.0, 2.0, None]
    assert _job(job_id).state == JobState.PENDING
    again = start(db.session, job_id, operator, ctx, now=at(10)).session.id
    assert again != sid


def test_abort_from_review_records_the_review_step(
    ctx: str, operator: User, make_project: MakeProject, make_job
) -> None:
    sid = start(
        db.session, make_job(make_project(("anode",)).version_id), operator, ctx, now=at(0)
    ).session.id
    progress(db.session, sid, "next", 0, operator, ctx, at(2))
    progress(db.session, sid, "abort", 1, operator, ctx, at(2.1))  # abort has no dwell
    run = _run(sid)
    assert (run.status, run.abort_step) == (RunStatus.ABORTED, 1)
    assert kinds(sid)[-1] == (K.ABORT, 1)


def test_a_supervisor_force_aborts_with_a_reason(
    ctx: str, operator: User, user_factory, make_project: MakeProject, make_job
) -> None:
    supervisor = user_factory("supervisor")
    sid = start(
        db.session, make_job(make_project().version_id), operator, ctx, now=at(0)
    ).session.id
    before = snapshot()
    with pytest.raises(FloorError) as refused:
        force_abort(db.session, sid, "   ", supervisor, "web")
    assert (refused.value.status, refused.value.fields) == (422, {"reason": refused.value.message})
    assert snapshot() == before
    force_abort(db.session, sid, "glove torn", supervisor, "web", now=at(3))
    run = _run(sid)
    assert (run.status, run.abort_reason, run.abort_step) == ("aborted", "glove torn", 0)
    with pytest.raises(FloorError) as again:
        force_abort(db.session, sid, "twice", supervisor, "web")
    assert again.value.status == 409


def test_resume_reopens_the_open_session_at_its_step(
    ctx: str, operator: User, make_project: MakeProject, make_job
) -> None:
    assert resume(db.session, ctx) is None
    sid = start(
        db.session, make_job(make_project().version_id), operator, ctx, now=at(0)
    ).session.id
    progress(db.session, sid, "next", 0, operator, ctx, at(2))
    resumed = resume(db.session, ctx, now=at(30))
    assert resumed is not None
    assert (resumed.id, resumed.current_step) == (sid, 1)
    assert kinds(sid)[-1] == (K.RESUME, 1)
    progress(db.session, sid, "next", 1, operator, ctx, at(31))
    assert _run(sid).current_step == 2
