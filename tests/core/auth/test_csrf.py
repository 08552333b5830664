"""CSRF guards every form post and every cookie-authenticated JSON write."""

from flask import Flask
from flask.testing import FlaskClient

from core.auth.models import DeviceToken
from core.extensions import db
from tests.fixtures.auth import csrf_token

TOKEN_BODY = {"name": "line scale", "device_id": "scale-1"}


def _token_count(app: Flask) -> int:
    with app.app_context():
        return db.session.query(DeviceToken).count()


def test_form_post_without_token_is_refused(app: Flask, client: FlaskClient, login) -> None:
    login("admin")
    response = client.post("/admin/tokens", data=TOKEN_BODY)
    assert response.status_code == 400
    assert _token_count(app) == 0
    token = csrf_token(client)
    assert client.post("/admin/tokens", data=TOKEN_BODY | {"csrf_token": token}).status_code == 200
    assert _token_count(app) == 1


def test_form_post_with_a_forged_token_is_refused(app: Flask, client: FlaskClient, login) -> None:
    login("admin")
    forged = TOKEN_BODY | {"csrf_token": "IjEyMzQ1Ig.forged.token"}
    assert client.post("/admin/tokens", data=forged).status_code == 400
    assert _token_count(app) == 0


def test_cookie_json_without_header_is_refused(app: Flask, client: FlaskClient, login) -> None:
    login("admin")
    response = client.post("/api/v1/auth/tokens", json=TOKEN_BODY)
    assert response.status_code == 400
    assert "CSRF" in response.get_json()["error"]
    assert _token_count(app) == 0


def test_cookie_json_with_header_is_accepted(app: Flask, client: FlaskClient, login) -> None:
    login("admin")
    headers = {"X-CSRFToken": csrf_token(client)}
    response = client.post("/api/v1/auth/tokens", json=TOKEN_BODY, headers=headers)
    assert response.status_code == 201
    assert _token_count(app) == 1


def test_cookie_delete_without_header_is_refused(app: Flask, client, login, device_token) -> None:
    login("admin")
    token, _raw = device_token()
    assert client.delete(f"/api/v1/auth/tokens/{token.id}").status_code == 400
    with app.app_context():
        assert db.session.get(DeviceToken, token.id).revoked_at is None
