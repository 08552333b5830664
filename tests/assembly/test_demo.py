"""`flask demo load` gives a newcomer something to run at the kiosk straight away."""

from __future__ import annotations

from flask import Flask

from assembly.floor import list_queue
from assembly.models import Component, Project
from core.extensions import db


def test_demo_load_creates_a_runnable_project_and_a_queued_job(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "3 units queued" in result.output
    with app.app_context():
        project = db.session.query(Project).one()
        assert len(project.latest.steps) == 4
        assert db.session.query(Component).filter_by(critical=True).count() == 1
        [job] = list_queue(db.session, app.config["DEVICE_ID"])
        assert (job.stack_id, job.quantity, job.state) == ("DEMO-001", 3, "pending")
    again = app.test_cli_runner().invoke(args=["demo", "load"])
    assert "skipped" in again.output
