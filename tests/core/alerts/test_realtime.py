"""Live pushes on the /alerts Socket.IO namespace."""

from __future__ import annotations

from flask import Flask

from core.alerts import clear_alert, raise_alert
from core.extensions import db, socketio
from tests.fixtures.auth import csrf_token


def _events(sio, name: str) -> list:
    return [event["args"][0] for event in sio.get_received("/alerts") if event["name"] == name]


def test_signed_in_client_gets_the_count_on_connect_and_after_changes(
    app: Flask, client, login, make_alert
) -> None:
    alert_id = make_alert(subject="battery:1")
    make_alert(subject="battery:2")
    login("operator")
    sio = socketio.test_client(app, namespace="/alerts", flask_test_client=client)
    assert sio.is_connected("/alerts")
    assert _events(sio, "count") == [{"open": 2}]

    token = csrf_token(client, "/alerts/")
    client.post(f"/api/v1/alerts/{alert_id}/ack", headers={"X-CSRFToken": token})
    received = sio.get_received("/alerts")
    assert [event["name"] for event in received] == ["alert", "count"]
    assert received[0]["args"][0]["id"] == alert_id
    assert received[0]["args"][0]["state"] == "ACTIVE_ACK"
    assert received[1]["args"][0] == {"open": 2}

    # A rule clearing its alert from outside any request pushes too.
    with app.app_context():
        clear_alert(db.session, source="telemetry", subject="battery:2", rule="temp_high")
        db.session.commit()
    assert _events(sio, "count") == [{"open": 1}]
    sio.disconnect(namespace="/alerts")


def test_new_alert_is_pushed_only_once_committed(app: Flask, client, login) -> None:
    login("viewer")
    sio = socketio.test_client(app, namespace="/alerts", flask_test_client=client)
    sio.get_received("/alerts")
    with app.app_context():
        raise_alert(
            db.session,
            source="twin",
            subject="station:1",
            rule="jam",
            severity="major",
            title="Conveyor jam",
        )
        db.session.rollback()
        assert sio.get_received("/alerts") == []
        raise_alert(
            db.session,
            source="twin",
            subject="station:1",
            rule="jam",
            severity="major",
            title="Conveyor jam",
        )
        db.session.commit()
    alerts = _events(sio, "alert")
    assert [(alert["source"], alert["title"]) for alert in alerts] == [("twin", "Conveyor jam")]
    sio.disconnect(namespace="/alerts")


def test_anonymous_connect_is_refused(app: Flask, client, user_factory) -> None:
    user_factory("viewer")  # someone exists, but this client never signed in
    sio = socketio.test_client(app, namespace="/alerts", flask_test_client=client)
    assert not sio.is_connected("/alerts")
