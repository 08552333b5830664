"""Every route answered for every role and for no login: the expected 2xx/302/401/403."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from assembly.models import AssemblySession, ProjectVersion
from core.alerts import raise_alert
from core.extensions import db
from core.roles import ADMIN, EVERYONE, MANAGERS, READERS, STAFF
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
    "assembly_catalogue.components": MANAGERS,
    "assembly_catalogue.component_new": MANAGERS,
    "assembly_catalogue.component_edit": MANAGERS,
    "assembly_catalogue.component_delete": MANAGERS,
    "assembly_catalogue.component_image": EVERYONE,
    "assembly_catalogue.projects": MANAGERS,
    "assembly_catalogue.project_new": MANAGERS,
    "assembly_catalogue.project_detail": MANAGERS,
    "assembly_catalogue.project_edit": MANAGERS,
    "assembly_catalogue.project_steps": MANAGERS,
    "assembly_catalogue.project_history": MANAGERS,
    "assembly_catalogue.project_duplicate": MANAGERS,
    "assembly_catalogue.project_archive": MANAGERS,
    "assembly_catalogue.project_restore": MANAGERS,
    "assembly_catalogue_api.component_list": READERS,
    "assembly_catalogue_api.component_create": MANAGERS,
    "assembly_catalogue_api.component_detail": READERS,
    "assembly_catalogue_api.component_update": MANAGERS,
    "assembly_catalogue_api.component_delete": MANAGERS,
    "assembly_catalogue_api.component_image_upload": MANAGERS,
    "assembly_catalogue_api.project_list": READERS,
    "assembly_catalogue_api.project_create": MANAGERS,
    "assembly_catalogue_api.project_detail": READERS,
    "assembly_catalogue_api.project_update": MANAGERS,
    "assembly_catalogue_api.project_steps": MANAGERS,
    "assembly_catalogue_api.project_versions": READERS,
    "assembly_catalogue_api.project_version": READERS,
    "assembly_catalogue_api.project_duplicate": MANAGERS,
    "assembly_records.index": READERS,
    "assembly_records.detail": READERS,
    "assembly_records.export_list_xlsx": READERS,
    "assembly_records.export_list_csv": READERS,
    "assembly_records.export_session_xlsx": READERS,
    "assembly_records.export_session_csv": READERS,
    "assembly_records.export_audit_csv": READERS,
    "assembly_records.abort_code": MANAGERS,
    "assembly_records.sign_off": MANAGERS,
    "assembly_floor.kiosk": STAFF,
    "assembly_floor_api.station_list": READERS,
    "assembly_floor_api.job_list": READERS,
    "assembly_floor_api.job_create": MANAGERS,
    "assembly_floor_api.job_reorder": MANAGERS,
    "assembly_floor_api.job_cancel": MANAGERS,
    "assembly_floor_api.session_start": STAFF,
    "assembly_floor_api.session_current": STAFF,
    "assembly_floor_api.session_detail": EVERYONE,
    "assembly_floor_api.session_progress": STAFF,
    "assembly_floor_api.session_abort": MANAGERS,
    "assembly_supervision.dashboard": READERS,
    "assembly_supervision.queue": MANAGERS,
    "assembly_supervision.analytics": READERS,
    "assembly_supervision_api.analytics": READERS,
    "assembly_supervision_api.today": READERS,
}
ROLES = [None, "viewer", "operator", "supervisor", "admin"]
# GETs that may answer other than 200 when allowed: setup once done and login once signed in
# redirect; a file route answers 404 for a file that does not exist.
NOT_ALWAYS_200 = {"auth.setup", "auth.login", "static", "assembly_catalogue.component_image"}


def routes(app: Flask) -> list[tuple[Rule, str]]:
    """Return every (rule, method) the app answers, HEAD and OPTIONS aside."""
    return [
        (rule, method)
        for rule in app.url_map.iter_rules()
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


def url_for_rule(rule: Rule, ids: dict[str, object]) -> str:
    """Fill a rule's arguments with ids of objects that exist."""
    return re.sub(r"<(?:[^:>]+:)?(\w+)>", lambda match: str(ids[match.group(1)]), rule.rule)


def test_every_route_has_an_access_rule(app: Flask) -> None:
    assert {rule.endpoint for rule, _ in routes(app)} == set(ACCESS)


def expected_status(rule: Rule, method: str, role: str | None) -> set[int]:
    """Return the statuses a role may get: refusals are exact, admissions are 'not refused'."""
    access = ACCESS[rule.endpoint]
    is_api = rule.rule.startswith("/api/")
    if access == PUBLIC or (role is not None and role in access):
        if method == "GET" and rule.endpoint not in NOT_ALWAYS_200:
            return {200}
        return set(range(200, 500)) - {401, 403}
    if role is None:
        return {401} if is_api else {302}
    return {403}


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_expected(
    app: Flask,
    client: FlaskClient,
    login,
    user_factory,
    device_token,
    make_project,
    make_job,
    role: str | None,
) -> None:
    target = user_factory("operator", username="target-user")
    made = make_project()
    job_id = make_job(made.version_id)
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
        run = AssemblySession(
            job_id=job_id,
            project_version_id=made.version_id,
            station_id=app.config["DEVICE_ID"],
            operator_id=target.id,
        )
        run.record_version(db.session.get(ProjectVersion, made.version_id))
        db.session.add(run)
        db.session.commit()
        ids = {
            "alert_id": alert.id,
            "user_id": target.id,
            "token_id": token.id,
            "state": "on",
            "component_id": "anode",
            "project_id": made.project_id,
            "number": 1,
            "name": "0" * 32 + ".png",
            "job_id": job_id,
            "session_id": run.id,
        }
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
