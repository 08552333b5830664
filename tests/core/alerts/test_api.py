"""JSON API under /api/v1/alerts/."""

from __future__ import annotations

import pytest
from flask import Flask

from core.alerts import AlertState, get_alert
from core.extensions import db
from tests.fixtures.auth import csrf_token


@pytest.fixture
def staff_api(client, login):
    """Sign in an operator; return post(path, json=None) with the CSRF header."""
    login("operator")
    headers = {"X-CSRFToken": csrf_token(client, "/alerts/")}

    def post(path: str, json: object = None):
        return client.post(path, json=json, headers=headers)

    return post


def test_list_filters_and_pages(client, login, make_alert) -> None:
    hot = make_alert(subject="battery:1", severity="critical", title="Cell overheating")
    low = make_alert(subject="battery:2", severity="info", title="Charge low")
    lathe = make_alert(source="rul", subject="lathe:1", rule="wear", title="Tool worn")
    login("viewer")

    def ids(query: str = "") -> list[int]:
        response = client.get(f"/api/v1/alerts/{query}")
        assert response.status_code == 200
        return [item["id"] for item in response.get_json()["items"]]

    assert ids() == [hot, lathe, low]
    assert ids("?module=rul") == [lathe]
    assert ids("?severity=info") == [low]
    assert ids("?state=ACTIVE_UNACK&q=cell") == [hot]
    body = client.get("/api/v1/alerts/?limit=1&offset=1").get_json()
    assert ([item["id"] for item in body["items"]], body["total"]) == ([lathe], 3)
    assert body["items"][0]["state"] == "ACTIVE_UNACK"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("severity=apocalyptic", "severity"),
        ("state=OPENISH", "state"),
        ("limit=0", "limit"),
        ("colour=red", "colour"),
    ],
)
def test_bad_filters_are_422_naming_the_field(client, login, query: str, field: str) -> None:
    login("viewer")
    response = client.get(f"/api/v1/alerts/?{query}")
    assert response.status_code == 422
    assert field in response.get_json()["fields"]


def test_one_alert_with_comments_and_404(client, login, staff_api, make_alert) -> None:
    alert_id = make_alert(value=48.2, details={"cell": 3})
    assert staff_api(f"/api/v1/alerts/{alert_id}/comments", {"body": "checking"}).status_code == 201
    body = client.get(f"/api/v1/alerts/{alert_id}").get_json()
    assert (body["value"], body["details"]) == (48.2, {"cell": 3})
    assert [comment["body"] for comment in body["comments"]] == ["checking"]
    missing = client.get("/api/v1/alerts/999")
    assert missing.status_code == 404
    assert "error" in missing.get_json()


def test_ack_then_clear_then_409s(app: Flask, staff_api, make_alert) -> None:
    alert_id = make_alert()
    acked = staff_api(f"/api/v1/alerts/{alert_id}/ack")
    assert acked.status_code == 200
    assert acked.get_json()["state"] == "ACTIVE_ACK"
    assert staff_api(f"/api/v1/alerts/{alert_id}/ack").status_code == 409
    cleared = staff_api(f"/api/v1/alerts/{alert_id}/clear")
    assert cleared.get_json()["cleared_by"] == cleared.get_json()["acked_by"]
    again = staff_api(f"/api/v1/alerts/{alert_id}/clear")
    assert again.status_code == 409
    assert again.get_json()["fields"] == {"state": f"alert {alert_id} is already cleared"}
    assert staff_api(f"/api/v1/alerts/{alert_id}/ack").status_code == 409
    with app.app_context():
        assert get_alert(db.session, alert_id).state == AlertState.CLEARED


def test_unknown_alert_actions_are_404(staff_api) -> None:
    for action in ("ack", "clear"):
        assert staff_api(f"/api/v1/alerts/999/{action}").status_code == 404
    assert staff_api("/api/v1/alerts/999/comments", {"body": "hi"}).status_code == 404


@pytest.mark.parametrize(
    "body", [{"body": ""}, {"body": "   "}, {"body": "x" * 2001}, {"text": "hi"}, {"body": 5}]
)
def test_comment_body_is_validated(app: Flask, staff_api, make_alert, body) -> None:
    alert_id = make_alert()
    response = staff_api(f"/api/v1/alerts/{alert_id}/comments", body)
    assert response.status_code == 422
    assert response.get_json()["fields"]
    with app.app_context():
        assert get_alert(db.session, alert_id, with_comments=True).comments == []


def test_viewer_cannot_act(app: Flask, client, login, make_alert) -> None:
    alert_id = make_alert()
    login("viewer")
    headers = {"X-CSRFToken": csrf_token(client, "/alerts/")}
    for action, body in (("ack", None), ("clear", None), ("comments", {"body": "hi"})):
        response = client.post(f"/api/v1/alerts/{alert_id}/{action}", json=body, headers=headers)
        assert response.status_code == 403
    with app.app_context():
        assert get_alert(db.session, alert_id).state == AlertState.ACTIVE_UNACK


def test_anonymous_gets_401(client, user_factory) -> None:
    user_factory("admin")
    assert client.get("/api/v1/alerts/").status_code == 401
