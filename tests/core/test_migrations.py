"""Alembic migrations are the only way the schema is made, on every engine under test."""

from __future__ import annotations

from pathlib import Path

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import inspect

from core.extensions import db
from tests.fixtures.database import ENGINES, build_app, postgres_url_in_schema, wipe_postgres

SCHEMA = "migration_check"


@pytest.fixture(params=ENGINES)
def empty_app(request: pytest.FixtureRequest, tmp_path: Path) -> Flask:
    """Return an app over an empty database of each engine (its own schema on PostgreSQL)."""
    if request.param == "sqlite":
        return build_app(tmp_path, f"sqlite:///{tmp_path / 'empty.db'}")
    app = build_app(tmp_path, postgres_url_in_schema(SCHEMA))
    wipe_postgres(app, SCHEMA)
    return app


def schema_differences(app: Flask) -> list:
    """Return what autogenerate would still change between the database and the models."""
    migrate = app.extensions["migrate"]
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=migrate.configure_args)
        return compare_metadata(context, db.metadata)


def test_upgrade_from_empty_gives_exactly_the_models_schema(empty_app: Flask) -> None:
    with empty_app.app_context():
        flask_migrate.upgrade()
        assert schema_differences(empty_app) == []
        tables = set(inspect(db.engine).get_table_names())
        assert set(db.metadata.tables) <= tables
        db.engine.dispose()


def test_downgrade_to_base_removes_every_table(empty_app: Flask) -> None:
    with empty_app.app_context():
        flask_migrate.upgrade()
        flask_migrate.downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        flask_migrate.upgrade()
        assert schema_differences(empty_app) == []
        db.engine.dispose()
