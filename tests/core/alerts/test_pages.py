"""The /alerts pages: filters, detail, actions by role, and the bell's count."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from core.alerts import AlertState, get_alert
from core.extensions import db
from tests.fixtures.auth import csrf_token


def _rows(html: str) -> list[int]:
    return [int(match) for match in re.findall(r'<tr data-alert-id="(\d+)"', html)]


def test_list_filters_by_module_severity_state_and_text(client, login, make_alert) -> None:
    hot = make_alert(subject="battery:1", severity="critical", title="Cell overheating")
    low = make_alert(subject="battery:2", severity="info", title="Charge low")
    lathe = make_alert(source="rul", subject="lathe:1", rule="wear", title="Tool worn")
    login("viewer")

    response = client.get("/alerts/")
    assert response.status_code == 200
    assert _rows(response.get_data(as_text=True)) == [hot, lathe, low]
    assert _rows(client.get("/alerts/?module=rul").get_data(as_text=True)) == [lathe]
    assert _rows(client.get("/alerts/?severity=info").get_data(as_text=True)) == [low]
    assert _rows(client.get("/alerts/?q=overheat").get_data(as_text=True)) == [hot]
    assert _rows(client.get("/alerts/?state=CLEARED").get_data(as_text=True)) == []
    # A blank form field is no filter at all.
    blank = client.get("/alerts/?module=&severity=&state=&q=").get_data(as_text=True)
    assert _rows(blank) == [hot, lathe, low]


def test_bad_filter_is_a_400_naming_it(client, login, make_alert) -> None:
    make_alert()
    login("viewer")
    response = client.get("/alerts/?severity=apocalyptic")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Some filters are not valid: severity" in html
    assert _rows(html) == []


def test_list_pages_fifty_at_a_time(client, login, make_alert) -> None:
    ids = [make_alert(subject=f"battery:{n}") for n in range(53)]
    login("viewer")
    first = client.get("/alerts/?state=open").get_data(as_text=True)
    second = client.get("/alerts/?state=open&page=2").get_data(as_text=True)
    assert len(_rows(first)) == 50
    assert sorted(_rows(first) + _rows(second)) == ids
    assert 'href="/alerts/?page=2&amp;state=open"' in first


def test_detail_shows_history_and_comments(client, login, make_alert) -> None:
    alert_id = make_alert(title="Cell overheating", value=61.5)
    user = login("operator")
    token = csrf_token(client, f"/alerts/{alert_id}")
    client.post(f"/alerts/{alert_id}/ack", data={"csrf_token": token})
    client.post(f"/alerts/{alert_id}/comments", data={"csrf_token": token, "body": "Fan is dead"})
    response = client.post(
        f"/alerts/{alert_id}/clear", data={"csrf_token": token}, follow_redirects=True
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Alert cleared." in html
    assert f"Acknowledged by {user.display_name}" in html
    assert f"Cleared by {user.display_name}" in html
    assert "Fan is dead" in html
    assert "61.5" in html


def test_operator_acknowledges_from_the_page(app: Flask, client, login, make_alert) -> None:
    alert_id = make_alert()
    login("operator")
    token = csrf_token(client, f"/alerts/{alert_id}")
    response = client.post(f"/alerts/{alert_id}/ack", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/alerts/{alert_id}")
    with app.app_context():
        assert get_alert(db.session, alert_id).state == AlertState.ACTIVE_ACK


def test_acknowledging_twice_is_a_409(app: Flask, client, login, make_alert) -> None:
    alert_id = make_alert()
    login("supervisor")
    token = csrf_token(client, f"/alerts/{alert_id}")
    client.post(f"/alerts/{alert_id}/ack", data={"csrf_token": token})
    response = client.post(f"/alerts/{alert_id}/ack", data={"csrf_token": token})
    assert response.status_code == 409
    assert "already acknowledged" in response.get_data(as_text=True)


def test_form_without_csrf_token_changes_nothing(app: Flask, client, login, make_alert) -> None:
    alert_id = make_alert()
    login("operator")
    response = client.post(f"/alerts/{alert_id}/ack")
    assert response.status_code == 400
    with app.app_context():
        assert get_alert(db.session, alert_id).state == AlertState.ACTIVE_UNACK


def test_viewer_reads_but_cannot_act(app: Flask, client, login, make_alert) -> None:
    alert_id = make_alert()
    login("viewer")
    page = client.get(f"/alerts/{alert_id}").get_data(as_text=True)
    assert "Acknowledge" not in page
    assert "Add a comment" not in page
    token = csrf_token(client, f"/alerts/{alert_id}")
    for action in ("ack", "clear", "comments"):
        response = client.post(
            f"/alerts/{alert_id}/{action}", data={"csrf_token": token, "body": "x"}
        )
        assert response.status_code == 403
    with app.app_context():
        alert = get_alert(db.session, alert_id, with_comments=True)
        assert (alert.state, alert.comments) == (AlertState.ACTIVE_UNACK, [])


def test_empty_comment_is_refused_on_the_page(client, login, make_alert) -> None:
    alert_id = make_alert()
    login("operator")
    token = csrf_token(client, f"/alerts/{alert_id}")
    response = client.post(f"/alerts/{alert_id}/comments", data={"csrf_token": token, "body": " "})
    assert response.status_code == 422
    assert "Comment must not be empty." in response.get_data(as_text=True)


def test_unknown_alert_is_a_404(client, login) -> None:
    login("operator")
    assert client.get("/alerts/999").status_code == 404
    token = csrf_token(client, "/alerts/")
    assert client.post("/alerts/999/ack", data={"csrf_token": token}).status_code == 404


def test_signed_out_visitor_is_sent_to_login(client: FlaskClient, user_factory) -> None:
    user_factory("admin")  # setup is done
    response = client.get("/alerts/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_every_page_carries_the_open_count(client, login, make_alert) -> None:
    make_alert(subject="battery:1")
    make_alert(subject="battery:2")
    login("viewer")
    html = client.get("/alerts/").get_data(as_text=True)
    assert re.search(r"<span data-alert-count data-keep-zero>2</span>", html)
