"""Imported legacy sessions record their steps like the kiosk's, so later edits leave them be."""

from __future__ import annotations

from sqlalchemy import select

from assembly.models import AssemblySession, Component
from assembly.records import queries, timeline
from core.extensions import db
from tests.assembly.records import test_legacy

legacy = test_legacy.legacy  # the fixture: a folder in the old tool's format


def test_imported_sessions_record_their_steps(app, runner, legacy) -> None:
    result = runner.invoke(args=["assembly", "import-legacy", str(legacy)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        runs = db.session.scalars(select(AssemblySession).order_by(AssemblySession.id)).all()
        assert [
            [(s.position, s.component_id, s.component_name, s.label) for s in run.steps]
            for run in runs
        ] == [
            [(0, "anode", "Anode", "Place anode"), (1, "cathode", "Cathode", "Place cathode")]
        ] * 2
        db.session.get(Component, "cathode").name = "Cathode Mk2"
        db.session.commit()
        row = queries.get_session_row(db.session, runs[0].id)
        names = [step.component_name for step in timeline.timeline(db.session, row)]
    assert names == ["Anode", "Cathode"]
    assert row.steps_total == 2
