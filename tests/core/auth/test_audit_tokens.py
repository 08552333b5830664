"""Device tokens: creation and revocation are audited; refused tokens are, within limits."""

import secrets

import pytest
from flask import Flask
from flask.testing import FlaskClient

from core.auth.throttle import OVERALL
from tests.core.auth.conftest import AuditLog
from tests.fixtures.auth import DEFAULT_PASSWORD, csrf_token

ME = "/api/v1/auth/me"


@pytest.fixture
def admin_client(client: FlaskClient, login) -> FlaskClient:
    """A client signed in as admin, sending its CSRF token on every request."""
    login("admin", display_name="Ann Admin")
    client.environ_base["HTTP_X_CSRFTOKEN"] = csrf_token(client)
    return client


def _refused(client: FlaskClient, raw: str) -> None:
    assert client.get(ME, headers={"X-Device-Token": raw}).status_code == 401


def test_create_and_revoke_by_api_name_the_admin(admin_client, audit_log: AuditLog) -> None:
    body = admin_client.post("/api/v1/auth/tokens", json={"name": "Scale", "device_id": "sc-1"})
    token, raw = body.get_json()["token"], body.get_json()["secret"]
    created = audit_log.one("auth.device_token_created")
    assert (created.actor_type, created.actor_name) == ("user", "Ann Admin")
    assert (created.subject_type, created.subject_id) == ("device_token", str(token["id"]))
    assert created.detail == {
        "name": "Scale",
        "device_id": "sc-1",
        "prefix": token["prefix"],
        "created_by_id": int(created.actor_id),
    }
    assert admin_client.delete(f"/api/v1/auth/tokens/{token['id']}").status_code == 200
    assert admin_client.delete(f"/api/v1/auth/tokens/{token['id']}").status_code == 200
    revoked = audit_log.one("auth.device_token_revoked")  # once, though revoked twice
    assert (revoked.actor_name, revoked.subject_id) == ("Ann Admin", str(token["id"]))
    assert revoked.detail["prefix"] == token["prefix"]
    assert all(raw not in (entry.detail_text or "") for entry in audit_log.entries())
    assert audit_log.chain_ok()


def test_create_and_revoke_on_the_page(app: Flask, admin_client, audit_log: AuditLog) -> None:
    data = {"name": "Lathe", "device_id": "lathe-2", "csrf_token": csrf_token(admin_client)}
    assert admin_client.post("/admin/tokens", data=data).status_code == 200
    created = audit_log.one("auth.device_token_created")
    assert (created.actor_name, created.detail["device_id"]) == ("Ann Admin", "lathe-2")
    path = f"/admin/tokens/{created.subject_id}/revoke"
    assert admin_client.post(path, data={"csrf_token": csrf_token(admin_client)}).status_code == 302
    assert audit_log.one("auth.device_token_revoked").actor_name == "Ann Admin"


def test_a_revoked_token_is_recorded_once_a_minute(
    client, admin_client, device_token, audit_log: AuditLog
) -> None:
    token, raw = device_token(name="Rack", device_id="esp32-3")
    admin_client.delete(f"/api/v1/auth/tokens/{token.id}")
    other = client.application.test_client()
    for _ in range(5):
        _refused(other, raw)
    entry = audit_log.one("auth.device_token_refused")
    assert (entry.actor_type, entry.actor_id, entry.actor_name) == ("device", "esp32-3", "Rack")
    assert (entry.subject_type, entry.subject_id) == ("device_token", str(token.id))
    assert entry.detail == {"prefix": token.prefix, "reason": "revoked"}
    assert entry.remote_addr == "127.0.0.1"
    assert audit_log.chain_ok()


def test_unknown_and_malformed_tokens(client, audit_log: AuditLog) -> None:
    first, second = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    for raw in (first, first, second, "not-a-token", DEFAULT_PASSWORD):
        _refused(client, raw)
    unknown_a, unknown_b, malformed = audit_log.entries("auth.device_token_refused")
    assert unknown_a.detail == {"prefix": first[:8], "reason": "unknown"}
    assert unknown_b.detail == {"prefix": second[:8], "reason": "unknown"}
    assert (unknown_a.actor_type, unknown_a.actor_id) == ("device", None)
    # Anything that is not token-shaped shares one slot and keeps no part of what was sent.
    assert malformed.detail == {"prefix": None, "reason": "malformed"}
    assert audit_log.chain_ok()


def test_random_tokens_cannot_flood_the_log(client, audit_log: AuditLog) -> None:
    cap = int(OVERALL.split()[0])
    for _ in range(cap + 10):
        _refused(client, secrets.token_urlsafe(32))
    assert len(audit_log.entries("auth.device_token_refused")) == cap
    assert audit_log.chain_ok()
