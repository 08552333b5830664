"""Raising, clearing and acting on alerts through the services."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from core.alerts import (
    Alert,
    AlertState,
    InvalidCommentError,
    InvalidTransitionError,
    acknowledge,
    alert_changed,
    alert_raised,
    clear,
    clear_alert,
    comment,
    get_alert,
    open_count,
    raise_alert,
    search,
)
from core.audit import AuditEntry, verify
from core.extensions import db

ANN = SimpleNamespace(id=7, username="ann", display_name="Ann Operator")
KEY = {"source": "telemetry", "subject": "battery:B-17", "rule": "temp_high"}


@pytest.fixture
def app(any_db_app: Flask) -> Flask:
    """Run every test here on each engine under test (SQLite, and PostgreSQL when set)."""
    return any_db_app


def test_raising_again_updates_the_open_alert(app: Flask, make_alert) -> None:
    first = make_alert(severity="warning", value=45.0, message="45 °C")
    second = make_alert(severity="major", value=52.5, message="52.5 °C")
    assert first == second
    with app.app_context():
        alert = get_alert(db.session, first)
        assert (alert.severity, alert.value, alert.message) == ("major", 52.5, "52.5 °C")
        assert alert.raise_count == 2
        assert alert.last_raised_at > alert.raised_at
        assert db.session.scalar(select(func.count()).select_from(Alert)) == 1


def test_a_cleared_alert_is_not_reopened(app: Flask, make_alert) -> None:
    first = make_alert()
    with app.app_context():
        cleared = clear_alert(db.session, **KEY)
        db.session.commit()
        assert (cleared.state, cleared.cleared_by) == (AlertState.CLEARED, "system")
        assert clear_alert(db.session, **KEY) is None  # nothing open any more
    second = make_alert()
    assert second != first
    with app.app_context():
        assert get_alert(db.session, first).state == AlertState.CLEARED
        assert get_alert(db.session, second).state == AlertState.ACTIVE_UNACK
        assert get_alert(db.session, second).raise_count == 1


def test_database_refuses_a_second_open_alert(app: Flask, make_alert) -> None:
    make_alert()
    with app.app_context():
        db.session.add(Alert(**KEY, severity="info", title="dup", state=AlertState.ACTIVE_ACK))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
        # A cleared row with the same key is fine: history keeps every occurrence.
        db.session.add(Alert(**KEY, severity="info", title="old", state=AlertState.CLEARED))
        db.session.commit()


def test_unknown_severity_is_refused(app: Flask) -> None:
    with app.app_context(), pytest.raises(ValueError, match="severe"):
        raise_alert(db.session, **KEY, severity="severe", title="x")


def test_lifecycle_records_who_and_when_and_audits_it(app: Flask, make_alert) -> None:
    alert_id = make_alert()
    with app.app_context():
        acknowledge(db.session, alert_id, ANN, remote_addr="10.1.2.3")
        db.session.commit()
        comment(db.session, alert_id, ANN, "  fan replaced  ")
        clear(db.session, alert_id, ANN)
        db.session.commit()
        alert = get_alert(db.session, alert_id, with_comments=True)
        assert alert.state == AlertState.CLEARED
        assert (alert.acked_by, alert.acked_by_id) == ("Ann Operator", "7")
        assert (alert.cleared_by, alert.cleared_by_id) == ("Ann Operator", "7")
        assert alert.acked_at <= alert.cleared_at
        assert [note.body for note in alert.comments] == ["fan replaced"]
        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [entry.action for entry in entries] == ["alert.ack", "alert.comment", "alert.clear"]
        assert {(e.subject_type, e.subject_id, e.actor_name) for e in entries} == {
            ("alert", str(alert_id), "Ann Operator")
        }
        assert entries[0].remote_addr == "10.1.2.3"
        assert verify(db.session).ok


@pytest.mark.parametrize(
    ("steps", "refused"),
    [
        (["ack"], "ack"),  # acknowledge twice
        (["clear"], "ack"),  # acknowledge a cleared alert
        (["clear"], "clear"),  # clear twice
    ],
)
def test_invalid_transitions_change_nothing(app: Flask, make_alert, steps, refused) -> None:
    alert_id = make_alert()
    actions = {"ack": acknowledge, "clear": clear}
    with app.app_context():
        for step in steps:
            actions[step](db.session, alert_id, ANN)
        db.session.commit()
        before = get_alert(db.session, alert_id).as_json()
        audited = db.session.scalar(select(func.count()).select_from(AuditEntry))
        with pytest.raises(InvalidTransitionError):
            actions[refused](db.session, alert_id, ANN)
        db.session.rollback()
        assert get_alert(db.session, alert_id).as_json() == before
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == audited


@pytest.mark.parametrize("body", ["", "   ", "x" * 2001])
def test_comment_must_have_one_to_2000_characters(app: Flask, make_alert, body: str) -> None:
    alert_id = make_alert()
    with app.app_context():
        with pytest.raises(InvalidCommentError):
            comment(db.session, alert_id, ANN, body)
        db.session.rollback()
        assert get_alert(db.session, alert_id, with_comments=True).comments == []
        comment(db.session, alert_id, ANN, "x" * 2000)
        db.session.commit()


def test_open_count_counts_unacknowledged_and_acknowledged(app: Flask, make_alert) -> None:
    make_alert(subject="battery:1")
    acked = make_alert(subject="battery:2")
    cleared = make_alert(subject="battery:3")
    with app.app_context():
        acknowledge(db.session, acked, ANN)
        clear(db.session, cleared, ANN)
        db.session.commit()
        assert open_count(db.session) == 2


def test_search_filters_and_orders_open_most_severe_first(app: Flask, make_alert) -> None:
    info = make_alert(subject="battery:1", severity="info", title="Charge low")
    critical = make_alert(subject="battery:2", severity="critical", title="Thermal runaway")
    lathe = make_alert(
        source="rul", subject="lathe:2", rule="tool_wear", severity="major", title="Tool 50% worn"
    )
    done = make_alert(subject="battery:3", severity="critical", title="Old fault")
    with app.app_context():
        clear(db.session, done, ANN)
        db.session.commit()

        def ids(**filters) -> list[int]:
            return [alert.id for alert in search(db.session, **filters).items]

        assert ids() == [critical, lathe, info, done]
        assert ids(module="rul") == [lathe]
        assert ids(severity="critical") == [critical, done]
        assert ids(state="open") == [critical, lathe, info]
        assert ids(state="CLEARED") == [done]
        assert ids(text="RUNAWAY") == [critical]
        assert ids(text="50%") == [lathe]  # % is matched literally
        assert ids(text="lathe") == [lathe]  # subject is searched too
        page = search(db.session, limit=2, offset=2)
        assert ([a.id for a in page.items], page.total) == ([info, done], 4)


def test_signals_are_sent_after_commit_only(app: Flask, make_alert) -> None:
    heard: list[tuple[str, str, object]] = []

    def on_raised(sender, alert, new):
        heard.append(("raised", sender, new))

    def on_changed(sender, alert, changes):
        heard.append(("changed", sender, changes))

    with alert_raised.connected_to(on_raised), alert_changed.connected_to(on_changed):
        alert_id = make_alert()
        make_alert()
        with app.app_context():
            acknowledge(db.session, alert_id, ANN)
            db.session.rollback()
            assert heard == [("raised", "telemetry", True), ("raised", "telemetry", False)]
            acknowledge(db.session, alert_id, ANN)
            db.session.commit()
    assert heard[-1] == ("changed", "telemetry", ("acked",))


def test_cleared_alert_keeps_its_row_when_raw_sql_would_reopen_it(app: Flask, make_alert) -> None:
    # The partial unique index only covers open alerts: reopening an old one collides.
    old = make_alert()
    with app.app_context():
        clear_alert(db.session, **KEY)
        db.session.commit()
    make_alert()
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(
                text("UPDATE alerts SET state = 'ACTIVE_UNACK' WHERE id = :id"), {"id": old}
            )
        db.session.rollback()
