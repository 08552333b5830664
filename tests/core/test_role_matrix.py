"""Every route answered for every role and for no login: the expected 2xx/302/401/403."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from core.alerts import raise_alert
from core.extensions import db
from core.roles import ADMIN, EVERYONE, MANAGERS, STAFF
from tests.fixtures.auth import csrf_token

PUBLIC = "public"
ADMINS = frozenset({ADMIN})

# Who may use each endpoint. A new route must be added here, or the first test fails.
ACCESS: dict[str, str | frozenset[str]] = {
    "static": PUBLIC,
    "ops.healthz": PUBLIC,
    "ops.metrics": PUBLIC,
    "api.openapi": PUBLIC,
    "api.docs": PUBLIC,
    "auth.login": PUBLIC,
    "auth.setup": PUBLIC,
    "auth.kiosk_login": PUBLIC,
    "auth.logout": EVERYONE,
    "core.home": EVERYONE,
    "core.module_statuses": EVERYONE,
    "assembly.index": EVERYONE,
    "twin.index": EVERYONE,
    "telemetry.index": EVERYONE,
    "rul.index": EVERYONE,
    "alerts.index": EVERYONE,
    "alerts.detail": EVERYONE,
    "alerts.ack": STAFF,
    "alerts.clear": STAFF,
    "alerts.comment": STAFF,
    "alerts_api.alert_list": EVERYONE,
    "alerts_api.alert_detail": EVERYONE,
    "alerts_api.alert_ack": STAFF,
    "alerts_api.alert_clear": STAFF,
    "alerts_api.alert_comment": STAFF,
    "auth_api.me": EVERYONE,
    "auth_api.token_list": ADMINS,
    "auth_api.token_create": ADMINS,
    "auth_api.token_revoke": ADMINS,
    "hardware_api.state": MANAGERS,
    "auth_admin.users": ADMINS,
    "auth_admin.user_new": ADMINS,
    "auth_admin.user_edit": ADMINS,
    "auth_admin.user_details": ADMINS,
    "auth_admin.user_password": ADMINS,
    "auth_admin.user_badge": ADMINS,
    "auth_admin.user_pin": ADMINS,
    "auth_admin.user_active": ADMINS,
    "auth_admin.device_tokens": ADMINS,
    "auth_admin.device_token_create": ADMINS,
    "auth_admin.device_token_revoke": ADMINS,
}
ROLES = [None, "viewer", "operator", "supervisor", "admin"]
# Pages that may redirect instead of rendering: setup once done, login once signed in.
MAY_REDIRECT = {"auth.setup", "auth.login", "static"}


def routes(app: Flask) -> list[tuple[Rule, str]]:
    """Return every (rule, method) the app answers, HEAD and OPTIONS aside."""
    return [
        (rule, method)
        for rule in app.url_map.iter_rules()
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


def url_for_rule(rule: Rule, ids: dict[str, object]) -> str:
    """Fill a rule's arguments with ids of objects that exist."""
    path = rule.rule
    for argument in rule.arguments:
        token = next(part for part in path.split("/") if f":{argument}>" in part)
        path = path.replace(token, str(ids[argument]))
    return path


def test_every_route_has_an_access_rule(app: Flask) -> None:
    assert {rule.endpoint for rule, _ in routes(app)} == set(ACCESS)


def expected_status(rule: Rule, method: str, role: str | None) -> set[int]:
    """Return the statuses a role may get: refusals are exact, admissions are 'not refused'."""
    access = ACCESS[rule.endpoint]
    is_api = rule.rule.startswith("/api/")
    if access == PUBLIC or (role is not None and role in access):
        if method == "GET" and rule.endpoint not in MAY_REDIRECT:
            return {200}
        return set(range(200, 500)) - {401, 403}
    if role is None:
        return {401} if is_api else {302}
    return {403}


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_expected(
    app: Flask, client: FlaskClient, login, user_factory, device_token, role: str | None
) -> None:
    target = user_factory("operator", username="target-user")
    token, _raw = device_token(name="matrix", device_id="esp32-matrix")
    with app.app_context():
        alert = raise_alert(
            db.session,
            source="core",
            subject="matrix",
            rule="check",
            severity="minor",
            title="Role matrix",
        )
        db.session.commit()
        ids = {"alert_id": alert.id, "user_id": target.id, "token_id": token.id, "state": "on"}
    if role is None:
        user_factory("admin", username="someone")  # setup is done, so pages ask for a login
    else:
        login(role)
    token_header = csrf_token(client)
    failures = []
    for rule, method in routes(app):
        if rule.endpoint == "auth.logout":
            continue  # signing out would end the session the rest of the walk needs
        url = url_for_rule(rule, {**ids, "filename": "css/app.css"})
        response = client.open(url, method=method, headers={"X-CSRFToken": token_header})
        response.close()
        if response.status_code not in expected_status(rule, method, role):
            failures.append(f"{method} {url} as {role}: {response.status_code}")
    assert failures == []


@pytest.mark.parametrize("role", ROLES)
def test_logout_needs_a_login(client: FlaskClient, login, user_factory, role: str | None) -> None:
    if role is None:
        user_factory("admin", username="someone")
    else:
        login(role)
    response = client.post("/logout", headers={"X-CSRFToken": csrf_token(client)})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(
    "url", ["/alerts/99999999999999999999999", "/api/v1/alerts/99999999999999999999999"]
)
def test_an_id_too_large_for_the_database_is_not_found(client: FlaskClient, login, url) -> None:
    login("admin")
    assert client.get(url).status_code == 404


def test_an_offset_too_large_for_the_database_is_refused(client: FlaskClient, login) -> None:
    login("admin")
    response = client.get("/api/v1/alerts/?offset=99999999999999999999999")
    assert response.status_code == 422
    assert "offset" in response.get_json()["fields"]
