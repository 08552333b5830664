"""Revision 0006_session_steps gives every session its own steps, backfilled for those recorded."""

from __future__ import annotations

import flask_migrate
from flask import Flask
from sqlalchemy import insert, inspect, text

from assembly.models import (
    AssemblySession,
    Component,
    Job,
    Project,
    ProjectStep,
    ProjectVersion,
    Station,
    StepEvent,
)
from core.auth.models import User
from core.extensions import db
from tests.core import test_migrations

empty_app = test_migrations.empty_app  # the fixture: an empty database of each engine
BACKFILLED = (
    "SELECT session_id, position, component_id, component_name, colour, target_seconds,"
    " critical, label, note FROM assembly_session_steps ORDER BY session_id, position"
)


def recorded_before_the_revision() -> tuple[int, int]:
    """Record two sessions of two versions of one project, as revision 0005 stored them."""
    db.session.add_all(
        [
            Component(id="anode", name="Anode", colour="#d62828", gpio_pin=17, target_seconds=5),
            Component(
                id="disc", name="Insulator disc", colour="#ffffff", gpio_pin=4, critical=True
            ),
            Station(id="st-1", name="Station 1"),
            User(username="olga", display_name="Olga", role="operator", password_hash="!"),
        ]
    )
    project = Project(id="stack", name="Stack")
    first = ProjectVersion(project=project, number=1)
    first.steps = [
        ProjectStep(position=0, component_id="anode", label="Place anode", note="shiny side up"),
        ProjectStep(position=1, component_id="disc", label="Seat the disc"),
    ]
    second = ProjectVersion(project=project, number=2)
    second.steps = [ProjectStep(position=0, component_id="disc", label="Disc first")]
    db.session.add_all([project, first, second])
    db.session.flush()
    ids = []
    for version in (first, second):
        job = Job(project_version_id=version.id, station_id="st-1", stack_id=f"S-{version.number}")
        db.session.add(job)
        db.session.flush()
        # The table as revision 0005 has it (no recorded project name yet): a Core insert.
        inserted = db.session.execute(
            insert(AssemblySession.__table__).values(
                job_id=job.id,
                project_version_id=version.id,
                station_id="st-1",
                operator_id=db.session.query(User.id).scalar(),
            )
        )
        ids.append(inserted.inserted_primary_key[0])
    db.session.commit()
    return ids[0], ids[1]


def test_upgrade_backfills_each_sessions_steps_and_downgrade_drops_them(empty_app: Flask) -> None:
    with empty_app.app_context():
        flask_migrate.upgrade(revision="0005_abort_note")
        first, second = recorded_before_the_revision()
        db.session.remove()
        flask_migrate.upgrade(revision="0006_session_steps")
        rows = [(*row[:6], bool(row[6]), *row[7:]) for row in db.session.execute(text(BACKFILLED))]
        assert rows == [
            (first, 0, "anode", "Anode", "#d62828", 5, False, "Place anode", "shiny side up"),
            (first, 1, "disc", "Insulator disc", "#ffffff", None, True, "Seat the disc", ""),
            (second, 0, "disc", "Insulator disc", "#ffffff", None, True, "Disc first", ""),
        ]
        db.session.remove()
        flask_migrate.downgrade(revision="0005_abort_note")
        assert "assembly_session_steps" not in inspect(db.engine).get_table_names()
        assert db.session.scalar(text("SELECT count(*) FROM assembly_sessions")) == 2
        db.session.remove()
        db.engine.dispose()


def test_sessions_get_their_projects_name_and_keep_it_through_a_rename(empty_app: Flask) -> None:
    """Revision 0009 fills the recorded name from the project; a later rename leaves it."""
    with empty_app.app_context():
        flask_migrate.upgrade(revision="0005_abort_note")
        first, second = recorded_before_the_revision()
        db.session.remove()
        flask_migrate.upgrade(revision="0009_session_project_name")
        names = "SELECT id, project_name FROM assembly_sessions ORDER BY id"
        assert db.session.execute(text(names)).all() == [(first, "Stack"), (second, "Stack")]
        db.session.get(Project, "stack").name = "Stack Mk2"
        db.session.commit()
        assert db.session.get(AssemblySession, first).project_name == "Stack"
        db.session.remove()
        flask_migrate.downgrade(revision="0008_images_in_db")
        assert "project_name" not in {
            column["name"] for column in inspect(db.engine).get_columns("assembly_sessions")
        }
        db.session.remove()
        db.session.add(StepEvent(session_id=first, step_index=0, kind="shown", device="st-1"))
        db.session.commit()
        flask_migrate.downgrade(revision="0004_assembly")  # sessions and their events kept
        assert db.session.scalar(text("SELECT count(*) FROM assembly_sessions")) == 2
        db.session.remove()
        db.engine.dispose()
