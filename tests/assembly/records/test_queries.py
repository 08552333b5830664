"""Session list filters and paging, and one session's timeline and summary."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask

from assembly.const import EventKind, RunStatus
from assembly.models import StepEvent
from assembly.records import queries, timeline
from assembly.records.queries import SessionFilters
from core.extensions import db
from tests.fixtures.assembly_sessions import T0


@pytest.fixture
def app(any_db_app: Flask) -> Flask:
    return any_db_app


@pytest.fixture
def world(app, make_project, make_job, make_session, user_factory):
    """Two projects, two operators, two stations, four sessions on three days."""
    alice = user_factory("operator", username="alice", display_name="Alice Ames")
    bob = user_factory("operator", username="bob", display_name="Bob Birch")
    a = make_project(project_id="stack-a")
    b = make_project(("anode", "separator"), project_id="stack-b")
    job_a = make_job(a.version_id, stack_id="S-100")
    job_b = make_job(b.version_id, station_id="station-2", stack_id="S-200")
    ids = {
        "a1": make_session(job_a, alice.id, started_at=T0, unit_serial="U-1"),
        "a2": make_session(
            job_a, bob.id, started_at=T0 + timedelta(days=1), status="aborted", abort_step=1
        ),
        "b1": make_session(job_b, alice.id, (5, 5), started_at=T0 + timedelta(days=2)),
        "b2": make_session(
            job_b, bob.id, (5,), started_at=T0 + timedelta(days=2, hours=1), status="running"
        ),
    }
    return {"ids": ids, "alice": alice.id, "bob": bob.id}


def found(app: Flask, **filters) -> list[int]:
    with app.app_context():
        page = queries.search_sessions(db.session, SessionFilters(**filters))
        return [row.id for row in page.items]


def test_no_filter_lists_all_newest_first(app, world):
    ids = world["ids"]
    assert found(app) == [ids["b2"], ids["b1"], ids["a2"], ids["a1"]]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"project": "stack-b"}, ["b2", "b1"]),
        ({"station": "station-2"}, ["b2", "b1"]),
        ({"status": RunStatus.ABORTED}, ["a2"]),
        ({"status": RunStatus.RUNNING}, ["b2"]),
        ({"date_from": date(2026, 11, 21)}, ["b2", "b1", "a2"]),
        ({"date_to": date(2026, 11, 21)}, ["a2", "a1"]),
        ({"date_from": date(2026, 11, 21), "date_to": date(2026, 11, 21)}, ["a2"]),
        ({"text": "s-200"}, ["b2", "b1"]),
        ({"text": "u-1"}, ["a1"]),
        ({"text": "STACK A"}, ["a2", "a1"]),
        ({"text": "birch"}, ["b2", "a2"]),
        ({"text": "%"}, []),
    ],
)
def test_each_filter(app, world, filters, expected):
    assert found(app, **filters) == [world["ids"][key] for key in expected]


def test_operator_filter(app, world):
    ids = world["ids"]
    assert found(app, operator=world["alice"]) == [ids["b1"], ids["a1"]]
    assert found(app, operator=world["bob"], project="stack-a") == [ids["a2"]]


def test_paging(app, world):
    with app.app_context():
        first = queries.search_sessions(db.session, SessionFilters(), page=1, per_page=3)
        second = queries.search_sessions(db.session, SessionFilters(), page=2, per_page=3)
    assert first.total == second.total == 4
    assert (first.pages, first.has_prev, first.has_next) == (2, False, True)
    assert (second.has_prev, second.has_next) == (True, False)
    assert [r.id for r in first.items + second.items] == found(app)
    assert list(first.iter_pages()) == [1, 2]


def test_row_figures(app, world):
    with app.app_context():
        finished = queries.get_session_row(db.session, world["ids"]["a1"])
        aborted = queries.get_session_row(db.session, world["ids"]["a2"])
        running = queries.get_session_row(db.session, world["ids"]["b2"])
    assert (finished.duration_s, finished.steps_done, finished.steps_total) == (65.0, 3, 3)
    assert finished.operator_name == "Alice Ames"
    assert (aborted.duration_s, aborted.steps_done, aborted.abort_step) == (30.0, 1, 1)
    assert (running.duration_s, running.steps_done, running.steps_total) == (None, 0, 2)


def test_timeline_durations_and_deltas(app, make_project, make_job, make_session, user_factory):
    operator = user_factory("operator")
    made = make_project(target_seconds=15)
    job = make_job(made.version_id)
    sid = make_session(job, operator.id, (10.5, 20, 15), confirmations={1: 2})
    with app.app_context():
        row = queries.get_session_row(db.session, sid)
        steps = timeline.timeline(db.session, row)
        summary = timeline.summary(row, steps)
    assert [s.component_id for s in steps] == ["anode", "cathode", "electrolyte"]
    assert [s.started_at for s in steps] == [
        T0,
        T0 + timedelta(seconds=10.5),
        T0 + timedelta(seconds=30.5),
    ]
    assert [s.duration_s for s in steps] == [10.5, 20.0, 15.0]
    assert [s.delta_s for s in steps] == [-4.5, 5.0, 0.0]
    assert [s.confirmations for s in steps] == [0, 2, 0]
    assert (summary.duration_s, summary.steps_done, summary.steps_total) == (50.5, 3, 3)


def test_a_step_ends_when_it_is_confirmed_not_when_the_next_is_shown(
    app, make_project, make_job, make_session, user_factory
):
    """Imported runs may show the next step a while after confirming one (and lack a review)."""
    operator = user_factory("operator")
    sid = make_session(make_job(make_project().version_id), operator.id, (40, 40), status="running")
    with app.app_context():
        for index, after in ((0, 35), (1, 72)):
            db.session.add(
                StepEvent(
                    session_id=sid,
                    step_index=index,
                    kind=EventKind.CONFIRMED,
                    at=T0 + timedelta(seconds=after),
                    device="legacy",
                )
            )
        db.session.commit()
        steps = timeline.timeline(db.session, queries.get_session_row(db.session, sid))
    assert [s.duration_s for s in steps] == [35.0, 32.0, None]


def test_timeline_of_aborted_session(app, make_project, make_job, make_session, user_factory):
    operator = user_factory("operator")
    made = make_project(target_seconds=None)
    job = make_job(made.version_id)
    sid = make_session(job, operator.id, (4, 7), status="aborted", abort_step=1)
    with app.app_context():
        row = queries.get_session_row(db.session, sid)
        steps = timeline.timeline(db.session, row)
        summary = timeline.summary(row, steps)
    assert [s.duration_s for s in steps] == [4.0, 7.0, None]
    assert [s.aborted for s in steps] == [False, True, False]
    assert [s.delta_s for s in steps] == [None, None, None]
    assert (summary.steps_done, summary.abort_step, summary.abort_component) == (1, 1, "Cathode")
