"""Timestamps come back timezone-aware in UTC on every engine; SQLite pragmas are on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from flask import Flask
from sqlalchemy.exc import StatementError

from core.alerts import raise_alert
from core.extensions import db


def test_timestamps_read_back_aware_in_utc(any_db_app: Flask) -> None:
    with any_db_app.app_context():
        alert = raise_alert(
            db.session, source="core", subject="s", rule="r", severity="info", title="t"
        )
        alert.acked_at = datetime(2026, 11, 22, 12, 0, tzinfo=timezone(timedelta(hours=2)))
        db.session.commit()
        db.session.expire_all()
        assert alert.acked_at == datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
        assert alert.acked_at.utcoffset() == timedelta(0)


def test_a_naive_timestamp_is_refused(app: Flask) -> None:
    with app.app_context():
        alert = raise_alert(
            db.session, source="core", subject="s", rule="r", severity="info", title="t"
        )
        alert.acked_at = datetime(2026, 11, 22, 12, 0)
        with pytest.raises(StatementError, match="timezone-aware"):
            db.session.commit()


def test_sqlite_connections_use_wal_and_foreign_keys(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
