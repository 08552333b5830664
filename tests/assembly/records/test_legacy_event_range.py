"""Which legacy events `import-legacy` keeps: the step past the last one, and the run's time."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from assembly.models import StepEvent
from assembly.records import queries, timeline
from core.extensions import db
from tests.assembly.records import test_legacy_checks
from tests.assembly.records.test_legacy_checks import SHOWN_ALL, run_import, stored

make_folder = test_legacy_checks.make_folder  # the fixture: project p1 of three steps

SHOWN_STEPS = SHOWN_ALL[:3]  # shown at steps 0, 1 and 2 at 10:00:00, :10 and :20


def durations(app: Flask) -> tuple[list[float | None], queries.SessionRow]:
    with app.app_context():
        [run] = stored(app)
        row = queries.get_session_row(db.session, run.id)
        return [step.duration_s for step in timeline.timeline(db.session, row)], row


def test_review_and_finish_past_the_last_step_close_it(app, runner, make_folder):
    events = [
        *SHOWN_STEPS,
        (1, 3, None, "2025-08-01T10:00:30", "review"),
        (1, 3, None, "2025-08-01T10:00:35", "finish"),
    ]
    root = make_folder(
        [(1, "p1", "2025-08-01T10:00:00", "2025-08-01T10:00:35", "finished", "pi")], events
    )
    out = run_import(runner, root)
    assert out.startswith("imported 3 components, 1 project, 1 session; skipped: nothing")
    seconds, row = durations(app)
    assert seconds == [10.0, 10.0, 10.0]
    assert (row.steps_done, row.steps_total, row.current_step) == (3, 3, 3)
    with app.app_context():
        past = db.session.execute(
            select(StepEvent.kind, StepEvent.component_id).where(StepEvent.step_index == 3)
        ).all()
    assert past == [("review", None), ("finish", None)]


def test_an_abort_in_review_is_kept_at_the_review(app, runner, make_folder):
    events = [
        *SHOWN_STEPS,
        (1, 3, None, "2025-08-01T10:00:30", "review"),
        (1, 3, None, "2025-08-01T10:00:40", "force_stop"),
    ]
    root = make_folder(
        [(1, "p1", "2025-08-01T10:00:00", "2025-08-01T10:00:40", "stopped", "pi")], events
    )
    out = run_import(runner, root)
    assert "skipped: nothing" in out
    seconds, row = durations(app)
    assert seconds == [10.0, 10.0, 10.0]
    assert (row.status, row.abort_step, row.steps_done) == ("aborted", 3, 3)
    assert timeline.summary(row, []).abort_place == "review"


def test_step_events_past_the_last_step_are_still_refused(app, runner, make_folder):
    events = [
        *SHOWN_ALL,
        (1, 3, None, "2025-08-01T10:00:31", "shown"),
        (1, 3, None, "2025-08-01T10:00:32", "confirmed"),
        (1, 4, None, "2025-08-01T10:00:33", "finish"),
    ]
    root = make_folder(
        [(1, "p1", "2025-08-01T10:00:00", "2025-08-01T10:01:00", "finished", "pi")], events
    )
    out = run_import(runner, root)
    assert (
        "skipped 3 events of events.db session 1 at steps 4, 5: project p1 has only steps 1 to 3"
        " (after them it records only review, finish and abort)" in out
    )
    with app.app_context():
        assert db.session.scalar(select(db.func.max(StepEvent.step_index))) == 2


def test_events_outside_the_run_are_skipped_and_reported(app, runner, make_folder):
    events = [
        (16, 0, "anode", "2025-08-01T09:59:00", "shown"),
        *[(16, *event[1:]) for event in SHOWN_STEPS],
        (16, 3, None, "2025-08-01T10:00:30", "review"),
        (16, 3, None, "2025-08-01T11:00:30", "abort"),
    ]
    root = make_folder(
        [(16, "p1", "2025-08-01T10:00:00", "2025-08-01T10:00:30", "stopped", "pi")], events
    )
    out = run_import(runner, root)
    assert "1 session;" in out
    assert (
        "skipped 2 events of events.db session 16 outside its start and end times (the session is"
        " imported without them): 1 before its start"
        " 2025-08-01T10:00:00+00:00 (by up to 60 s), 1 after its end"
        " 2025-08-01T10:00:30+00:00 (by up to 3600 s); more than 1 s out" in out
    )
    seconds, row = durations(app)
    assert seconds == [10.0, 10.0, 10.0]
    assert row.duration_s == 30
    # Without the abort the run left no place it stopped but the review it reached.
    assert row.abort_step == 3


def test_events_within_a_second_of_the_run_are_kept(app, runner, make_folder):
    events = [
        (1, 0, "anode", "2025-08-01T09:59:59.500", "shown"),
        *SHOWN_ALL[1:3],
        (1, 3, None, "2025-08-01T10:00:30.900", "finish"),
    ]
    root = make_folder(
        [(1, "p1", "2025-08-01T10:00:00", "2025-08-01T10:00:30", "finished", "pi")], events
    )
    out = run_import(runner, root)
    assert "skipped: nothing" in out
    seconds, _ = durations(app)
    assert seconds == [10.5, 10.0, 10.9]


def test_a_finished_run_proven_only_outside_its_time_is_skipped(app, runner, make_folder):
    events = [*SHOWN_ALL[:2], (1, 2, "cathode", "2025-08-01T10:05:00", "shown")]
    events.append((1, 3, None, "2025-08-01T10:05:10", "finish"))
    root = make_folder(
        [(1, "p1", "2025-08-01T10:00:00", "2025-08-01T10:00:30", "finished", "pi")], events
    )
    out = run_import(runner, root)
    assert out.startswith("imported 3 components, 1 project, 0 sessions;")
    assert (
        "skipped events.db session 1: recorded as finished but its events stop at step 2 of"
        " steps 1 to 3 (2 events outside its start and end times not counted), so nothing"
        " proves the later steps were done" in out
    )
    assert "2 events outside its start and end times:" not in out
    assert stored(app) == []
