"""The assembly tables hold a project's versioned steps; a session's steps and events are fixed."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from assembly.models import AssemblySession, Project, ProjectVersion, SessionStep, StepEvent
from core.extensions import db


@pytest.fixture
def app(any_db_app: Flask) -> Flask:
    """Run these on each engine under test."""
    return any_db_app


def test_project_version_keeps_its_steps_in_order(app: Flask, make_project) -> None:
    made = make_project(("cathode", "anode", "separator"))
    with app.app_context():
        version = db.session.get(Project, made.project_id).latest
        assert [step.component_id for step in version.steps] == ["cathode", "anode", "separator"]


def test_step_events_and_recorded_steps_refuse_update_and_delete(
    app: Flask, make_project, make_job, user_factory
) -> None:
    made = make_project()
    job_id = make_job(made.version_id)
    operator = user_factory("operator")
    with app.app_context():
        run = AssemblySession(
            job_id=job_id,
            project_version_id=made.version_id,
            station_id=app.config["DEVICE_ID"],
            operator_id=operator.id,
        )
        run.record_version(db.session.get(ProjectVersion, made.version_id))
        db.session.add(run)
        db.session.flush()
        db.session.add(StepEvent(session_id=run.id, step_index=0, kind="shown", device="t"))
        db.session.commit()
        for statement in (
            "UPDATE assembly_step_events SET kind = 'x'",
            "DELETE FROM assembly_step_events",
            "UPDATE assembly_session_steps SET component_name = 'x'",
            "DELETE FROM assembly_session_steps",
        ):
            with pytest.raises(DatabaseError, match="append-only"):
                db.session.execute(text(statement))
            db.session.rollback()
        assert db.session.query(StepEvent).count() == 1
        assert db.session.query(SessionStep).count() == len(made.component_ids)
