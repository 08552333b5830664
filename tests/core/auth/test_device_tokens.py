"""Device tokens authenticate by header only, skip CSRF, and stop working when revoked."""

import pytest
from flask import Flask, g, jsonify

from core.auth import device_token_required, user_or_device_required
from core.auth.models import DeviceToken
from core.auth.tokens import authenticate_device, revoke_device_token
from core.extensions import db
from tests.fixtures.auth import csrf_token


@pytest.fixture
def device_app(app: Flask) -> Flask:
    """The test app plus a device-only POST endpoint and a user-or-device one."""

    @device_token_required
    def ingest() -> object:
        return jsonify({"device_id": g.device.device_id})

    @user_or_device_required("supervisor")
    def either() -> object:
        return jsonify({"device": g.get("device") is not None})

    app.add_url_rule("/api/v1/test/ingest", view_func=ingest, methods=["POST"])
    app.add_url_rule("/api/v1/test/either", view_func=either, methods=["POST"])
    return app


def test_bearer_and_x_device_token_headers_both_authenticate(client, device_token) -> None:
    _token, raw = device_token(device_id="esp32-7")
    for headers in ({"Authorization": f"Bearer {raw}"}, {"X-Device-Token": raw}):
        response = client.get("/api/v1/auth/me", headers=headers)
        assert response.status_code == 200
        assert response.get_json()["device"]["device_id"] == "esp32-7"


def test_token_in_the_query_string_is_not_accepted(client, device_token) -> None:
    _token, raw = device_token()
    for name in ("token", "access_token", "device_token"):
        assert client.get(f"/api/v1/auth/me?{name}={raw}").status_code == 401


def test_wrong_and_revoked_tokens_are_refused(app: Flask, client, device_token) -> None:
    token, raw = device_token()
    wrong = client.get("/api/v1/auth/me", headers={"X-Device-Token": raw + "x"})
    assert wrong.status_code == 401
    assert wrong.get_json()["error"] == "invalid or revoked device token"
    with app.app_context():
        revoke_device_token(db.session, db.session.get(DeviceToken, token.id))
    assert client.get("/api/v1/auth/me", headers={"X-Device-Token": raw}).status_code == 401


def test_device_post_needs_no_csrf_token(device_app: Flask, device_token) -> None:
    _token, raw = device_token(device_id="esp32-9")
    client = device_app.test_client()
    response = client.post("/api/v1/test/ingest", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.get_json() == {"device_id": "esp32-9"}
    refused = client.post("/api/v1/test/ingest", headers={"X-CSRFToken": csrf_token(client)})
    assert refused.status_code == 401


def test_route_accepts_a_user_or_a_device(device_app: Flask, device_token, login) -> None:
    _token, raw = device_token()
    client = device_app.test_client()
    by_device = client.post("/api/v1/test/either", headers={"X-Device-Token": raw})
    assert by_device.get_json() == {"device": True}
    anonymous = client.post("/api/v1/test/either", headers={"X-CSRFToken": csrf_token(client)})
    assert anonymous.status_code == 401
    login("operator", client=client)
    assert client.post("/api/v1/test/either").status_code == 400  # cookie write: CSRF first
    csrf = {"X-CSRFToken": csrf_token(client)}
    assert client.post("/api/v1/test/either", headers=csrf).status_code == 403
    login("supervisor", client)
    assert client.post("/api/v1/test/either", headers=csrf).get_json() == {"device": False}


def test_a_device_request_never_acts_as_the_cookie_user(device_app: Flask, login, device_token):
    client = device_app.test_client()
    login("admin", client)
    _token, raw = device_token()
    me = client.get("/api/v1/auth/me", headers={"X-Device-Token": raw}).get_json()
    assert me["kind"] == "device"
    listing = client.get("/api/v1/auth/tokens", headers={"X-Device-Token": raw})
    assert listing.status_code == 401


def test_authenticate_device_notes_last_use(app: Flask, device_token) -> None:
    token, raw = device_token()
    assert token.last_used_at is None
    with app.app_context():
        found = authenticate_device(db.session, raw)
        assert found is not None
        assert found.id == token.id
        assert db.session.get(DeviceToken, token.id).last_used_at is not None
        assert authenticate_device(db.session, "") is None
        assert authenticate_device(db.session, "not-a-token") is None
