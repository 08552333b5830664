"""Dashboard and queue services: today's counts, open sessions, project choices."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask

from assembly.floor.stations import station_views
from assembly.models import Project, ProjectStep, ProjectVersion
from assembly.supervision import live
from core.db import utcnow
from core.extensions import db


@pytest.fixture
def app(any_db_app: Flask) -> Flask:
    return any_db_app


def test_today_counts_only_sessions_ended_today(
    app, make_project, make_job, make_session, user_factory
):
    operator = user_factory("operator")
    job = make_job(make_project().version_id)
    now = utcnow()
    morning = now.replace(hour=0, minute=0, second=1, microsecond=0)
    make_session(job, operator.id, (10, 20, 30), started_at=morning, review_s=5)  # 65 s
    make_session(job, operator.id, (5, 5, 5), started_at=morning, review_s=0)  # 15 s
    make_session(job, operator.id, (4,), status="aborted", abort_step=0, started_at=morning)
    make_session(job, operator.id, (1, 1, 1), started_at=morning - timedelta(days=1))
    make_session(job, operator.id, (1, 1, 1), status="running", started_at=morning)
    with app.app_context():
        counts = live.today_counts(db.session, now)
    assert (counts.finished, counts.aborted, counts.average_cycle_s) == (2, 1, 40.0)
    assert counts.day == now.date().isoformat()


def test_today_counts_with_nothing_ended(app):
    with app.app_context():
        counts = live.today_counts(db.session, utcnow())
    assert (counts.finished, counts.aborted, counts.average_cycle_s) == (0, 0, None)


def test_stations_show_open_session_and_pending_jobs(
    app, make_project, make_job, make_session, user_factory
):
    operator = user_factory("operator", display_name="Olga")
    version = make_project().version_id
    running_job = make_job(version, stack_id="RUN")
    make_job(version, stack_id="WAIT-1")
    make_job(version, stack_id="WAIT-2")
    make_job(version, station_id="idle-box", stack_id="WAIT-3")
    run = make_session(running_job, operator.id, (5, 5), status="running")
    with app.app_context():
        views = {view["id"]: view for view in station_views(db.session)}
    station = views[app.config["DEVICE_ID"]]
    assert station["session"]["id"] == run
    assert station["session"]["operator"]["name"] == "Olga"
    assert station["session"]["current_step"] == 1
    assert station["pending"] == 3  # the running job's row is still pending in this fixture
    assert views["idle-box"] == {
        "id": "idle-box",
        "name": "idle-box",
        "last_seen_at": None,
        "pending": 1,
        "session": None,
    }


def test_job_choices_are_latest_live_versions_with_steps(app, make_project):
    make_project(project_id="stack-a")
    archived = make_project(project_id="old-stack")
    make_project((), project_id="empty")
    with app.app_context():
        db.session.get(Project, archived.project_id).archived = True
        newer = ProjectVersion(project_id="stack-a", number=2)
        newer.steps = [ProjectStep(position=0, component_id="anode", label="Only anode")]
        db.session.add(newer)
        db.session.commit()
        choices = live.job_choices(db.session)
        assert choices == [(newer.id, "Stack A v2 (1 step)")]


def test_elapsed_formats_minutes_and_hours():
    now = utcnow()
    assert live.elapsed((now - timedelta(seconds=75)).isoformat(), now) == "1:15"
    assert live.elapsed((now - timedelta(seconds=3725)).isoformat(), now) == "1:02:05"
    assert live.elapsed(None, now) == "—"
