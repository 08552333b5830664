"""Every sign-in, failed sign-in, sign-out and first-run setup lands in the audit log."""

import threading

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.audit import system_actor
from core.auth.models import User
from core.auth.services import AuthError, create_first_admin, create_user
from core.extensions import db
from tests.core.auth.conftest import AuditLog
from tests.fixtures.auth import DEFAULT_PASSWORD, csrf_token

CLIENT_ADDR = "127.0.0.1"  # what the Werkzeug test client reports as REMOTE_ADDR


def _login(client: FlaskClient, username: str, password: str):
    data = {"username": username, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/login", data=data)


def _badge(client: FlaskClient, badge: str):
    token = csrf_token(client)
    return client.post("/kiosk/login", data={"badge-badge": badge, "badge-csrf_token": token})


def _pin(client: FlaskClient, user_id: int, pin: str):
    token = csrf_token(client)
    data = {"pin-user_id": str(user_id), "pin-pin": pin, "pin-csrf_token": token}
    return client.post("/kiosk/login", data=data)


def test_password_sign_in_is_recorded_as_the_user(client, user_factory, audit_log: AuditLog):
    user = user_factory("supervisor", display_name="Sue Visor")
    assert _login(client, user.username, DEFAULT_PASSWORD).status_code == 302
    entry = audit_log.one("auth.login")
    assert (entry.actor_type, entry.actor_id, entry.actor_name) == (
        "user",
        str(user.id),
        "Sue Visor",
    )
    assert (entry.subject_type, entry.subject_id) == ("user", str(user.id))
    assert entry.detail == {"method": "password"}
    assert entry.remote_addr == CLIENT_ADDR
    assert audit_log.entries("auth.login_failed") == []
    assert audit_log.chain_ok()


def test_failed_sign_ins_name_the_username_but_not_the_password(
    client, user_factory, audit_log: AuditLog
) -> None:
    user = user_factory("operator")
    user_factory("viewer", username="gone", active=False)
    _login(client, user.username, "not the password")
    _login(client, "Nobody", DEFAULT_PASSWORD)
    _login(client, "gone", DEFAULT_PASSWORD)
    wrong, unknown, inactive = audit_log.entries("auth.login_failed")
    assert (wrong.subject_id, wrong.detail) == (
        str(user.id),
        {"method": "password", "username": user.username, "reason": "wrong secret"},
    )
    assert (unknown.subject_id, unknown.detail["username"]) == (None, "nobody")
    assert unknown.detail["reason"] == "unknown user"
    assert inactive.detail["reason"] == "inactive"
    for entry in (wrong, unknown, inactive):
        assert (entry.actor_type, entry.actor_id, entry.actor_name) == ("user", None, "anonymous")
        assert entry.remote_addr == CLIENT_ADDR
        assert "not the password" not in entry.detail_text
        assert DEFAULT_PASSWORD not in entry.detail_text
    assert audit_log.entries("auth.login") == []
    assert audit_log.chain_ok()


def test_a_password_typed_as_the_username_is_not_recorded(
    client, user_factory, audit_log: AuditLog
) -> None:
    user_factory("viewer")
    assert _login(client, "my secret pass phrase", "x").status_code == 200
    entry = audit_log.one("auth.login_failed")
    assert entry.detail["username"] == "(malformed)"
    assert "secret" not in entry.detail_text


def test_badge_sign_in_and_failure(client, user_factory, audit_log: AuditLog) -> None:
    user = user_factory("operator", badge="0004711")
    user_factory("viewer", badge="V-0815")
    assert _badge(client, "0004711\r\n").status_code == 302
    entry = audit_log.one("auth.login")
    assert (entry.actor_id, entry.subject_id, entry.detail) == (
        str(user.id),
        str(user.id),
        {"method": "badge"},
    )
    other = client.application.test_client()
    assert _badge(other, "0009999").status_code == 200
    assert _badge(other, "V-0815").status_code == 200  # viewers do not use the kiosk
    unknown, viewer = audit_log.entries("auth.login_failed")
    assert unknown.detail == {"method": "badge", "username": "badge", "reason": "unknown badge"}
    assert viewer.detail["reason"] == "not staff"
    texts = " ".join(entry.detail_text for entry in audit_log.entries())
    for badge in ("0004711", "0009999", "V-0815"):
        assert badge not in texts
    assert audit_log.chain_ok()


def test_pin_sign_in_and_failure(client, user_factory, audit_log: AuditLog) -> None:
    user = user_factory("operator", pin="97531")
    assert _pin(client, user.id, "13579").status_code == 200
    failed = audit_log.one("auth.login_failed")
    assert (failed.subject_id, failed.actor_name) == (str(user.id), "anonymous")
    assert failed.detail == {"method": "pin", "username": user.username, "reason": "wrong secret"}
    assert _pin(client, user.id, "97531").status_code == 302
    entry = audit_log.one("auth.login")
    assert (entry.actor_id, entry.detail) == (str(user.id), {"method": "pin"})
    texts = " ".join(entry.detail_text or "" for entry in audit_log.entries())
    assert "97531" not in texts
    assert "13579" not in texts


def test_logout_is_recorded(client, login, audit_log: AuditLog) -> None:
    user = login("viewer")
    assert client.post("/logout", data={"csrf_token": csrf_token(client)}).status_code == 302
    entry = audit_log.one("auth.logout")
    assert (entry.actor_type, entry.actor_id, entry.subject_id) == (
        "user",
        str(user.id),
        str(user.id),
    )
    assert entry.remote_addr == CLIENT_ADDR
    # Signing out twice (already anonymous) records nothing more.
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert len(audit_log.entries("auth.logout")) == 1


def test_setup_records_the_first_admin(client, audit_log: AuditLog) -> None:
    form = {
        "username": "Ada",
        "display_name": "Ada Lovelace",
        "password": "a long enough secret",
        "confirm": "a long enough secret",
        "csrf_token": csrf_token(client, "/setup"),
    }
    assert client.post("/setup", data=form).status_code == 302
    entry = audit_log.one("auth.user_created")
    assert (entry.actor_name, entry.remote_addr) == ("anonymous", CLIENT_ADDR)
    assert entry.detail == {
        "username": "ada",
        "display_name": "Ada Lovelace",
        "role": "admin",
        "badge": False,
        "pin": False,
        "via": "setup",
    }
    assert "a long enough secret" not in entry.detail_text
    # A second setup attempt is refused and leaves no entry.
    assert client.post("/setup", data=form | {"username": "eve"}).status_code == 404
    assert audit_log.actions() == ["auth.user_created"]
    assert audit_log.chain_ok()


@pytest.mark.parametrize("names", [("ada", "bob"), ("ada", "ada")])
def test_concurrent_setups_leave_one_admin_and_one_entry(app, audit_log: AuditLog, names):
    start = threading.Barrier(len(names))
    outcomes: list[object] = []

    def attempt(name: str) -> None:
        with app.app_context():
            start.wait()
            try:
                outcomes.append(create_first_admin(db.session, name, "a long enough secret").id)
            except AuthError as error:
                outcomes.append(error.status)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    refused = [outcome for outcome in outcomes if outcome in (404, 409)]
    assert len(refused) == 1, outcomes
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
    entry = audit_log.one("auth.user_created")
    assert entry.detail["via"] == "setup"
    assert audit_log.chain_ok()


@pytest.mark.parametrize(("proxies", "recorded"), [(0, CLIENT_ADDR), (1, "192.0.2.44")])
def test_the_address_behind_a_trusted_proxy_is_recorded_and_a_forged_one_is_not(
    app_factory, proxies: int, recorded: str
) -> None:
    """Behind nginx (PROXY_COUNT=1) the client's own address is audited, not the proxy's."""
    app = app_factory(PROXY_COUNT=proxies)
    with app.app_context():  # a user exists, so /login is not the first-run setup
        create_user(db.session, "sue", DEFAULT_PASSWORD, "supervisor", actor=system_actor())
        db.session.commit()
    client = app.test_client()
    data = {"username": "nobody", "password": "x", "csrf_token": csrf_token(client)}
    client.post("/login", data=data, headers={"X-Forwarded-For": "192.0.2.44"})
    (entry,) = AuditLog(app).entries("auth.login_failed")
    assert entry.remote_addr == recorded
