"""The audit log commits with the change, refuses edits, and its chain exposes tampering."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask, g
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from core.audit import AuditEntry, record, request_actor, system_actor, verify
from core.auth.models import User
from core.extensions import db


@pytest.fixture
def app(any_db_app: Flask) -> Iterator[Flask]:
    """Run every test here on each engine under test (SQLite, and PostgreSQL when set)."""
    yield any_db_app
    with any_db_app.app_context():
        if db.engine.dialect.name == "postgresql":
            # PostgreSQL's schema outlives the test: put back a guard a tampering test removed.
            db.session.execute(text(RESTORE_POSTGRESQL_GUARD))
            db.session.commit()


def _append(action: str = "thing.do", subject_id: str = "1", **detail: object) -> AuditEntry:
    return record(
        db.session,
        action=action,
        subject_type="thing",
        subject_id=subject_id,
        detail=detail or None,
        **system_actor("tester"),
    )


RESTORE_POSTGRESQL_GUARD = (
    "CREATE OR REPLACE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
    "FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()"
)


def _drop_append_only_triggers() -> None:
    """Do what an attacker with shell access would: remove the guards."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("DROP TRIGGER audit_entries_append_only ON audit_entries"))
    else:
        db.session.execute(text("DROP TRIGGER audit_entries_no_update"))
        db.session.execute(text("DROP TRIGGER audit_entries_no_delete"))
    db.session.commit()


def _entry_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def test_entry_commits_or_rolls_back_with_the_change(app: Flask) -> None:
    with app.app_context():
        db.session.add(User(username="ann", display_name="Ann", role="viewer", password_hash="x"))
        _append("user.create", "ann")
        db.session.rollback()
        assert _entry_count() == 0
        assert db.session.scalar(select(User).where(User.username == "ann")) is None

        db.session.add(User(username="bob", display_name="Bob", role="viewer", password_hash="x"))
        _append("user.create", "bob", role="viewer")
        db.session.commit()
        entry = db.session.scalar(select(AuditEntry))
        assert (entry.action, entry.subject_id, entry.actor_name) == (
            "user.create",
            "bob",
            "tester",
        )
        assert entry.detail_data() == {"role": "viewer"}
        assert db.session.scalar(select(User).where(User.username == "bob")) is not None


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_entries SET actor_name = 'mallory'", "DELETE FROM audit_entries"],
)
def test_database_refuses_update_and_delete(app: Flask, statement: str) -> None:
    with app.app_context():
        _append()
        db.session.commit()
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
        entry = db.session.scalar(select(AuditEntry))
        assert entry.actor_name == "tester"


def test_verify_accepts_an_intact_chain(app: Flask) -> None:
    with app.app_context():
        assert verify(db.session).ok  # empty log
        for number in range(5):
            _append(subject_id=str(number), n=number)
        db.session.commit()
        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [entry.id for entry in entries] == [1, 2, 3, 4, 5]
        assert entries[3].prev_hash == entries[2].hash
        result = verify(db.session)
    assert (result.ok, result.checked) == (True, 5)
    cli = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert cli.exit_code == 0
    assert "OK: 5 entries" in cli.output


def test_verify_names_an_edited_row(app: Flask) -> None:
    with app.app_context():
        for number in range(4):
            _append(subject_id=str(number))
        db.session.commit()
        _drop_append_only_triggers()
        db.session.execute(text("UPDATE audit_entries SET actor_name = 'mallory' WHERE id = 3"))
        db.session.commit()
    cli = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert cli.exit_code == 1
    assert "BROKEN at entry 3" in cli.output
    assert "hash does not match" in cli.output


def test_verify_names_the_row_after_a_deleted_one(app: Flask) -> None:
    with app.app_context():
        for number in range(4):
            _append(subject_id=str(number))
        db.session.commit()
        _drop_append_only_triggers()
        db.session.execute(text("DELETE FROM audit_entries WHERE id = 2"))
        db.session.commit()
        result = verify(db.session)
    assert not result.ok
    assert result.broken_id == 3
    assert "gap" in result.reason


def test_verify_notices_a_rehashed_row(app: Flask) -> None:
    # Editing a row and recomputing its own hash still breaks the next row's link.
    with app.app_context():
        for number in range(3):
            _append(subject_id=str(number))
        db.session.commit()
        _drop_append_only_triggers()
        entry = db.session.get(AuditEntry, 2)
        entry.actor_name = "mallory"
        entry.hash = entry.compute_hash()
        db.session.commit()
        result = verify(db.session)
    assert (result.ok, result.broken_id) == (False, 3)


def test_concurrent_appends_keep_the_chain_valid(app: Flask) -> None:
    writers, each = 6, 8
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(worker: int) -> None:
        try:
            with app.app_context():
                start.wait()
                for number in range(each):
                    _append(subject_id=f"{worker}-{number}")
                    db.session.commit()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        result = verify(db.session)
    assert (result.ok, result.checked) == (True, writers * each)


def test_tail_prints_the_last_entries(app: Flask) -> None:
    with app.app_context():
        for number in range(5):
            _append(f"thing.step{number}")
        db.session.commit()
    cli = app.test_cli_runner().invoke(args=["audit", "tail", "-n", "2"])
    assert cli.exit_code == 0
    lines = cli.output.strip().splitlines()
    assert len(lines) == 2
    assert "thing.step3" in lines[0]
    assert "thing.step4" in lines[1]


def test_request_actor_names_the_device_or_the_anonymous_caller(app: Flask) -> None:
    with app.test_request_context(environ_base={"REMOTE_ADDR": "10.0.0.7"}):
        assert request_actor() == {
            "actor_type": "user",
            "actor_id": None,
            "actor_name": "anonymous",
            "remote_addr": "10.0.0.7",
        }
        g.device = type("Device", (), {"device_id": "esp32-4", "name": "rack sensor"})()
        actor = request_actor()
    assert actor["actor_type"] == "device"
    assert (actor["actor_id"], actor["actor_name"]) == ("esp32-4", "rack sensor")


def test_record_refuses_an_unknown_actor_type(app: Flask) -> None:
    with app.app_context(), pytest.raises(ValueError, match="actor_type"):
        record(
            db.session,
            action="x",
            subject_type="y",
            subject_id=None,
            actor_type="robot",
            actor_id=None,
            actor_name="r2",
        )
