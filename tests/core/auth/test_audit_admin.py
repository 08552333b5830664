"""Admin pages and the users CLI audit every change to a user, and refusals that guard admins."""

import getpass

from flask.testing import FlaskClient, FlaskCliRunner

from core.auth.models import User
from tests.core.auth.conftest import AuditLog
from tests.fixtures.auth import csrf_token


def _post(client: FlaskClient, path: str, **data: str):
    return client.post(path, data=data | {"csrf_token": csrf_token(client)})


def _by(admin: User, entry) -> bool:
    return (entry.actor_type, entry.actor_id, entry.remote_addr) == (
        "user",
        str(admin.id),
        "127.0.0.1",
    )


def test_creating_a_user_on_the_page_is_recorded_once(client, login, audit_log: AuditLog):
    admin = login("admin", display_name="Ann Admin")
    form = {
        "username": "nina",
        "display_name": "Nina N",
        "role": "operator",
        "password": "long enough pw",
        "confirm": "long enough pw",
    }
    assert _post(client, "/admin/users/new", **form).status_code == 302
    created = [e for e in audit_log.entries("auth.user_created") if e.actor_type == "user"]
    assert len(created) == 1
    entry = created[0]
    assert _by(admin, entry)
    assert entry.actor_name == "Ann Admin"
    assert entry.detail["username"] == "nina"
    assert (entry.detail["role"], entry.detail["via"]) == ("operator", "page")
    before = len(audit_log.entries())
    # The same name again is refused and leaves no entry at all.
    assert _post(client, "/admin/users/new", **form | {"username": "NINA"}).status_code == 422
    assert len(audit_log.entries()) == before
    assert audit_log.chain_ok()


def test_role_and_display_name_changes_record_old_and_new(
    client, login, user_factory, audit_log: AuditLog
) -> None:
    admin = login("admin")
    user = user_factory("viewer", display_name="Vic")
    base = f"/admin/users/{user.id}"
    assert (
        _post(client, f"{base}/details", display_name="Victor", role="operator").status_code == 302
    )
    name = audit_log.one("auth.display_name_changed")
    role = audit_log.one("auth.role_changed")
    assert (name.subject_id, name.detail) == (str(user.id), {"old": "Vic", "new": "Victor"})
    assert (role.subject_id, role.detail) == (str(user.id), {"old": "viewer", "new": "operator"})
    assert _by(admin, name)
    assert _by(admin, role)
    # Saving unchanged details changes nothing and records nothing.
    before = len(audit_log.entries())
    assert (
        _post(client, f"{base}/details", display_name="Victor", role="operator").status_code == 302
    )
    assert len(audit_log.entries()) == before
    assert audit_log.chain_ok()


def test_refused_last_admin_demotion_and_deactivation(client, login, audit_log: AuditLog):
    admin = login("admin")
    demote = _post(client, f"/admin/users/{admin.id}/details", display_name="X", role="viewer")
    assert demote.status_code == 422
    deactivate = _post(client, f"/admin/users/{admin.id}/active/off")
    assert deactivate.status_code == 409
    refused = audit_log.one("auth.role_change_refused")
    assert refused.detail == {"old": "admin", "new": "viewer", "reason": "last admin"}
    assert _by(admin, refused)
    assert audit_log.one("auth.deactivation_refused").subject_id == str(admin.id)
    actions = audit_log.actions()
    for success in ("auth.role_changed", "auth.display_name_changed", "auth.user_deactivated"):
        assert success not in actions
    assert audit_log.chain_ok()


def test_credential_changes_are_recorded_without_the_secrets(
    client, login, user_factory, audit_log: AuditLog
) -> None:
    admin = login("admin")
    user = user_factory("operator")
    base = f"/admin/users/{user.id}"
    _post(client, f"{base}/password", password="fresh password 1", confirm="fresh password 1")
    _post(client, f"{base}/badge", badge="B-90210")
    _post(client, f"{base}/badge", clear="Remove badge")
    _post(client, f"{base}/pin", pin="86420")
    _post(client, f"{base}/pin", clear="Remove PIN")
    _post(client, f"{base}/pin", pin="12ab")  # refused by the form: no entry
    actions = [entry.action for entry in audit_log.entries() if entry.actor_type == "user"]
    assert actions[-6:] == [
        "auth.login",
        "auth.password_reset",
        "auth.badge_set",
        "auth.badge_cleared",
        "auth.pin_set",
        "auth.pin_cleared",
    ]
    reset = audit_log.one("auth.password_reset")
    assert (reset.subject_id, reset.detail) == (str(user.id), {"via": "page"})
    for action in ("auth.badge_set", "auth.pin_set", "auth.pin_cleared"):
        entry = audit_log.one(action)
        assert _by(admin, entry)
        assert entry.subject_id == str(user.id)
    assert audit_log.chain_ok()


def test_deactivation_and_reactivation(client, login, user_factory, audit_log: AuditLog):
    admin = login("admin")
    user = user_factory("operator")
    assert _post(client, f"/admin/users/{user.id}/active/off").status_code == 302
    assert _post(client, f"/admin/users/{user.id}/active/on").status_code == 302
    off = audit_log.one("auth.user_deactivated")
    on = audit_log.one("auth.user_reactivated")
    assert (off.subject_id, on.subject_id) == (str(user.id), str(user.id))
    assert _by(admin, off)
    assert off.id < on.id
    assert audit_log.chain_ok()


def test_cli_names_the_shell_user(runner: FlaskCliRunner, audit_log: AuditLog) -> None:
    create = runner.invoke(
        args=["users", "create", "grace", "--role", "admin"], input="a very long password\n"
    )
    assert create.exit_code == 0, create.output
    reset = runner.invoke(args=["users", "set-password", "grace"], input="another long one!\n")
    assert reset.exit_code == 0, reset.output
    shell = f"cli:{getpass.getuser()}"
    created = audit_log.one("auth.user_created")
    assert (created.actor_type, created.actor_id, created.actor_name) == ("system", None, shell)
    assert (created.detail["username"], created.detail["via"]) == ("grace", "cli")
    changed = audit_log.one("auth.password_reset")
    assert (changed.actor_name, changed.subject_id) == (shell, created.subject_id)
    assert changed.detail == {"via": "cli"}
    # A refused create (name taken) records nothing.
    again = runner.invoke(args=["users", "create", "grace", "--role", "viewer"], input="x" * 12)
    assert again.exit_code != 0
    assert audit_log.actions() == ["auth.user_created", "auth.password_reset"]
    assert audit_log.chain_ok()
