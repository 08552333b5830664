"""Admin pages manage users and device tokens; the last active admin stays an admin."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from core.auth.models import DeviceToken, User
from core.auth.services import authenticate_badge, authenticate_password, authenticate_pin
from core.extensions import db
from tests.fixtures.auth import csrf_token


def _post(client: FlaskClient, path: str, **data: str):
    return client.post(path, data=data | {"csrf_token": csrf_token(client)})


def _user(app: Flask, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


@pytest.mark.parametrize("role", ["supervisor", "operator", "viewer"])
def test_only_admins_open_the_admin_pages(client, login, role) -> None:
    login(role)
    for path in ("/admin/users", "/admin/users/new", "/admin/tokens"):
        assert client.get(path).status_code == 403


def test_admin_creates_a_user(app: Flask, client, login) -> None:
    login("admin")
    response = _post(
        client,
        "/admin/users/new",
        username="nina",
        display_name="Nina N",
        role="operator",
        password="long enough pw",
        confirm="long enough pw",
    )
    assert response.status_code == 302
    with app.app_context():
        assert authenticate_password(db.session, "nina", "long enough pw").role == "operator"
    assert "Nina N" in client.get("/admin/users").get_data(as_text=True)


def test_creating_a_taken_username_shows_the_error(client, login, user_factory) -> None:
    login("admin")
    user_factory("viewer", username="vic")
    response = _post(
        client,
        "/admin/users/new",
        username="VIC",
        display_name="Other",
        role="viewer",
        password="long enough pw",
        confirm="long enough pw",
    )
    assert response.status_code == 422
    assert "is already taken" in response.get_data(as_text=True)


def test_admin_changes_role_password_badge_and_pin(app: Flask, client, login, user_factory):
    login("admin")
    user = user_factory("viewer")
    base = f"/admin/users/{user.id}"
    assert (
        _post(client, f"{base}/details", display_name="Promoted", role="operator").status_code
        == 302
    )
    assert (
        _post(
            client, f"{base}/password", password="fresh password", confirm="fresh password"
        ).status_code
        == 302
    )
    assert _post(client, f"{base}/badge", badge="  B-900 ").status_code == 302
    assert _post(client, f"{base}/pin", pin="86420").status_code == 302
    with app.app_context():
        assert authenticate_password(db.session, user.username, "fresh password") is not None
        assert authenticate_badge(db.session, "B-900").id == user.id
        assert authenticate_pin(db.session, user.id, "86420").display_name == "Promoted"
    assert _post(client, f"{base}/pin", clear="Remove PIN").status_code == 302
    assert _user(app, user.id).pin_hash is None


def test_bad_pin_and_duplicate_badge_are_shown(client, login, user_factory) -> None:
    login("admin")
    user_factory("operator", badge="B-1")
    other = user_factory("operator")
    bad_pin = _post(client, f"/admin/users/{other.id}/pin", pin="12ab")
    assert bad_pin.status_code == 422
    assert "4 to 8 digits" in bad_pin.get_data(as_text=True)
    taken = _post(client, f"/admin/users/{other.id}/badge", badge="B-1")
    assert taken.status_code == 422
    assert "belongs to another user" in taken.get_data(as_text=True)


def test_last_active_admin_cannot_be_demoted_or_deactivated(app: Flask, client, login) -> None:
    admin = login("admin")
    demote = _post(client, f"/admin/users/{admin.id}/details", display_name="X", role="viewer")
    assert demote.status_code == 422
    assert "last active admin cannot be demoted" in demote.get_data(as_text=True)
    deactivate = _post(client, f"/admin/users/{admin.id}/active/off")
    assert deactivate.status_code == 409
    stored = _user(app, admin.id)
    assert (stored.role, stored.active, stored.display_name) == ("admin", True, admin.display_name)


def test_an_admin_can_go_once_another_admin_exists(app: Flask, client, login, user_factory):
    admin = login("admin")
    user_factory("admin")
    assert _post(client, f"/admin/users/{admin.id}/active/off").status_code == 302
    assert _user(app, admin.id).active is False
    assert client.get("/admin/users").status_code == 302  # their session ended


def test_admin_reactivates_a_user(app: Flask, client, login, user_factory) -> None:
    login("admin")
    user = user_factory("operator", active=False)
    assert _post(client, f"/admin/users/{user.id}/active/on").status_code == 302
    assert _user(app, user.id).active is True


def test_token_page_shows_the_new_token_once(app: Flask, client, login) -> None:
    login("admin")
    created = _post(client, "/admin/tokens", name="Scale", device_id="scale-1")
    assert created.headers["Cache-Control"] == "no-store"
    with app.app_context():
        token = db.session.query(DeviceToken).one()
        prefix = token.prefix
    page = created.get_data(as_text=True)
    start = page.index('id="new-token">') + len('id="new-token">')
    raw = page[start : page.index("<", start)]
    assert raw.startswith(prefix)
    assert len(raw) >= 43
    assert raw not in client.get("/admin/tokens").get_data(as_text=True)
    assert client.get("/api/v1/auth/me", headers={"X-Device-Token": raw}).status_code == 200


def test_token_page_revokes(app: Flask, client, login, device_token) -> None:
    login("admin")
    token, raw = device_token()
    assert _post(client, f"/admin/tokens/{token.id}/revoke").status_code == 302
    assert client.get("/api/v1/auth/me", headers={"X-Device-Token": raw}).status_code == 401
    assert _post(client, "/admin/tokens/999/revoke").status_code == 404


def test_unknown_user_is_a_404(client, login) -> None:
    login("admin")
    assert client.get("/admin/users/999").status_code == 404
    assert _post(client, "/admin/users/999/pin", pin="1234").status_code == 404
