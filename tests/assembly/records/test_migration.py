"""Revision 0005_abort_note adds the supervisor's note beside the kiosk's abort reason."""

from __future__ import annotations

import flask_migrate
from flask import Flask
from sqlalchemy import Text, inspect

from core.extensions import db
from tests.core import test_migrations

empty_app = test_migrations.empty_app  # the fixture: an empty database of each engine


def session_columns() -> dict[str, object]:
    return {c["name"]: c["type"] for c in inspect(db.engine).get_columns("assembly_sessions")}


def test_abort_note_upgrade_and_downgrade(empty_app: Flask) -> None:
    with empty_app.app_context():
        flask_migrate.upgrade(revision="0004_assembly")
        assert "abort_note" not in session_columns()
        flask_migrate.upgrade(revision="0005_abort_note")
        columns = session_columns()
        assert isinstance(columns["abort_note"], Text)
        assert "abort_reason" in columns
        flask_migrate.downgrade(revision="0004_assembly")
        assert "abort_note" not in session_columns()
        assert "abort_reason" in session_columns()
        db.engine.dispose()
