"""JSON API of auth: who am I, device tokens; bad input is a 4xx naming the fields."""

import pytest
from flask.testing import FlaskClient

from tests.fixtures.auth import csrf_token


@pytest.fixture
def admin_client(client: FlaskClient, login) -> FlaskClient:
    """A client signed in as admin, sending its CSRF token on every request."""
    login("admin")
    client.environ_base["HTTP_X_CSRFTOKEN"] = csrf_token(client)
    return client


def test_me_returns_the_user_without_secrets(client, login) -> None:
    user = login("viewer", badge="V-1", pin="1234")
    body = client.get("/api/v1/auth/me").get_json()
    assert body["kind"] == "user"
    assert body["user"]["username"] == user.username
    assert body["user"]["has_badge"] is True
    assert body["user"]["has_pin"] is True
    assert not {"password_hash", "pin_hash", "badge_digest"} & set(body["user"])


def test_me_without_login_is_401_json(client, user_factory) -> None:
    user_factory("admin")
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.get_json() == {"error": "login required", "fields": {}}


def test_token_create_list_revoke(admin_client: FlaskClient) -> None:
    created = admin_client.post(
        "/api/v1/auth/tokens", json={"name": " Cell tester ", "device_id": "ct-2"}
    )
    assert created.status_code == 201
    body = created.get_json()
    raw, token_id = body["secret"], body["token"]["id"]
    assert body["token"]["name"] == "Cell tester"
    assert raw.startswith(body["token"]["prefix"])
    listed = admin_client.get("/api/v1/auth/tokens").get_json()["tokens"]
    assert [t["id"] for t in listed] == [token_id]
    assert "secret" not in listed[0]
    assert "token_hash" not in listed[0]
    revoked = admin_client.delete(f"/api/v1/auth/tokens/{token_id}")
    assert revoked.status_code == 200
    assert revoked.get_json()["token"]["revoked_at"] is not None
    assert admin_client.get("/api/v1/auth/me", headers={"X-Device-Token": raw}).status_code == 401


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"name", "device_id"}),
        ({"name": "", "device_id": "d"}, {"name"}),
        ({"name": "n", "device_id": "x" * 121}, {"device_id"}),
        ({"name": "n", "device_id": "d", "scope": "all"}, {"scope"}),
        ({"name": 5, "device_id": "d"}, {"name"}),
        ([], {"body"}),
    ],
)
def test_token_create_rejects_bad_bodies(admin_client: FlaskClient, body, fields) -> None:
    response = admin_client.post("/api/v1/auth/tokens", json=body)
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == fields
    assert admin_client.get("/api/v1/auth/tokens").get_json()["tokens"] == []


def test_token_create_rejects_a_non_json_body(admin_client: FlaskClient) -> None:
    form = admin_client.post("/api/v1/auth/tokens", data="name=x")
    assert form.status_code == 415
    assert "body" in form.get_json()["fields"]
    broken = admin_client.post(
        "/api/v1/auth/tokens", data="{name", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 400
    assert "body" in broken.get_json()["fields"]


def test_revoke_unknown_or_malformed_id(admin_client: FlaskClient) -> None:
    missing = admin_client.delete("/api/v1/auth/tokens/999")
    assert missing.status_code == 404
    assert missing.get_json()["fields"] == {"token_id": "not found"}
    malformed = admin_client.delete("/api/v1/auth/tokens/abc")
    assert malformed.status_code == 404
    assert "error" in malformed.get_json()


@pytest.mark.parametrize("role", ["supervisor", "operator", "viewer"])
def test_token_api_is_for_admins_only(client: FlaskClient, login, role) -> None:
    login(role)
    headers = {"X-CSRFToken": csrf_token(client)}
    assert client.get("/api/v1/auth/tokens").status_code == 403
    created = client.post(
        "/api/v1/auth/tokens", json={"name": "n", "device_id": "d"}, headers=headers
    )
    assert created.status_code == 403
    assert created.get_json()["error"]
    assert client.delete("/api/v1/auth/tokens/1", headers=headers).status_code == 403


def test_token_api_without_login_is_401(client: FlaskClient, user_factory) -> None:
    user_factory("admin")
    assert client.get("/api/v1/auth/tokens").status_code == 401
    assert client.post("/api/v1/auth/tokens", json={}).status_code == 400  # CSRF comes first
    headers = {"X-CSRFToken": csrf_token(client)}
    assert client.post("/api/v1/auth/tokens", json={}, headers=headers).status_code == 401
