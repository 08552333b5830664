"""No password, PIN, badge number or raw token ever reaches the audit log."""

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from core.auth.models import DeviceToken, User
from core.extensions import db
from tests.core.auth.conftest import AuditLog
from tests.fixtures.auth import csrf_token

SECRETS = {
    "admin_password": "Setup-Secret-0001",
    "wrong_password": "Wrong-Secret-0002",
    "user_password": "Create-Secret-0003",
    "reset_password": "Reset-Secret-0004",
    "cli_password": "Shell-Secret-0005",
    "cli_reset": "Shell-Secret-0006",
    "badge": "BADGE-73519",
    "wrong_badge": "BADGE-24680",
    "pin": "836154",
    "wrong_pin": "719263",
}


def _post(client: FlaskClient, path: str, **data: str):
    return client.post(path, data=data | {"csrf_token": csrf_token(client)})


def _run_every_auth_action(app: Flask, runner: FlaskCliRunner) -> list[str]:
    """Walk through every audited auth action with the known secrets; return the raw tokens."""
    s = SECRETS
    admin = app.test_client()
    setup = {"username": "root", "display_name": "Root"}
    pw = {"password": s["admin_password"], "confirm": s["admin_password"]}
    assert _post(admin, "/setup", **setup, **pw).status_code == 302
    _post(admin, "/logout")
    assert _post(admin, "/login", username="root", password=s["wrong_password"]).status_code == 200
    assert _post(admin, "/login", username="root", password=s["admin_password"]).status_code == 302
    new = {"username": "olga", "display_name": "Olga", "role": "operator"}
    pw = {"password": s["user_password"], "confirm": s["user_password"]}
    assert _post(admin, "/admin/users/new", **new, **pw).status_code == 302
    with app.app_context():
        olga = db.session.scalar(select(User).where(User.username == "olga")).id
    base = f"/admin/users/{olga}"
    pw = {"password": s["reset_password"], "confirm": s["reset_password"]}
    assert _post(admin, f"{base}/password", **pw).status_code == 302
    assert _post(admin, f"{base}/badge", badge=s["badge"]).status_code == 302
    assert _post(admin, f"{base}/pin", pin=s["pin"]).status_code == 302
    assert (
        _post(admin, f"{base}/details", display_name="Olga O", role="supervisor").status_code == 302
    )

    kiosk = app.test_client()
    for badge in (s["wrong_badge"], s["badge"]):
        token = csrf_token(kiosk)
        kiosk.post("/kiosk/login", data={"badge-badge": badge, "badge-csrf_token": token})
    _post(kiosk, "/logout")
    for pin in (s["wrong_pin"], s["pin"]):
        fields = {"pin-user_id": str(olga), "pin-pin": pin, "pin-csrf_token": csrf_token(kiosk)}
        kiosk.post("/kiosk/login", data=fields)

    raws = []
    for device_id in ("esp-1", "esp-2"):
        body = admin.post(
            "/api/v1/auth/tokens",
            json={"name": "Sensor", "device_id": device_id},
            headers={"X-CSRFToken": csrf_token(admin)},
        ).get_json()
        raws.append(body["secret"])
    assert admin.get("/api/v1/auth/me", headers={"X-Device-Token": raws[0]}).status_code == 200
    with app.app_context():
        first = db.session.scalar(select(DeviceToken).where(DeviceToken.device_id == "esp-1"))
    headers = {"X-CSRFToken": csrf_token(admin)}
    assert admin.delete(f"/api/v1/auth/tokens/{first.id}", headers=headers).status_code == 200
    for raw in (raws[0], raws[1] + "x", raws[1][::-1]):
        assert (
            app.test_client()
            .get("/api/v1/auth/me", headers={"Authorization": f"Bearer {raw}"})
            .status_code
            == 401
        )

    cli = runner.invoke(
        args=["users", "create", "bob", "--role", "viewer"], input=s["cli_password"]
    )
    assert cli.exit_code == 0, cli.output
    cli = runner.invoke(args=["users", "set-password", "bob"], input=s["cli_reset"])
    assert cli.exit_code == 0, cli.output
    assert _post(admin, f"{base}/active/off").status_code == 302
    return raws


def test_no_secret_reaches_any_audit_entry(app: Flask, runner, audit_log: AuditLog) -> None:
    raws = _run_every_auth_action(app, runner)
    entries = audit_log.entries()
    assert {entry.action for entry in entries} >= {
        "auth.user_created",
        "auth.logout",
        "auth.login_failed",
        "auth.login",
        "auth.password_reset",
        "auth.badge_set",
        "auth.pin_set",
        "auth.display_name_changed",
        "auth.role_changed",
        "auth.device_token_created",
        "auth.device_token_revoked",
        "auth.device_token_refused",
        "auth.user_deactivated",
    }
    with app.app_context():
        stored = [
            value
            for user in db.session.scalars(select(User))
            for value in (user.password_hash, user.pin_hash, user.badge_digest)
            if value
        ] + [token.token_hash for token in db.session.scalars(select(DeviceToken))]
    forbidden = [*SECRETS.values(), *raws, *stored]
    for entry in entries:
        text = " ".join(
            str(value or "")
            for value in (entry.detail_text, entry.actor_name, entry.actor_id, entry.subject_id)
        )
        leaked = [secret for secret in forbidden if secret in text]
        assert leaked == [], f"{entry.action} holds a secret: {entry.detail_text}"
    assert audit_log.chain_ok()
