"""Password sign-in, its rate limit, safe redirects and logout."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from core.auth.services import create_user, get_user, set_active, set_password
from core.extensions import db
from tests.fixtures.auth import DEFAULT_PASSWORD, csrf_token


def _login(client: FlaskClient, username: str, password: str, **extra: str):
    data = {"username": username, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/login", data=data | extra)


def test_login_with_the_right_password_starts_a_session(client, user_factory) -> None:
    user = user_factory("supervisor")
    response = _login(client, user.username.upper(), DEFAULT_PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/api/v1/auth/me").get_json()["user"]["role"] == "supervisor"


def test_login_failure_says_nothing_about_which_part_was_wrong(client, user_factory) -> None:
    user = user_factory("operator")
    wrong_password = _login(client, user.username, "not the password")
    unknown_user = _login(client, "nobody", DEFAULT_PASSWORD)
    for response in (wrong_password, unknown_user):
        assert response.status_code == 200
        assert "Unknown username or wrong password." in response.get_data(as_text=True)
    assert client.get("/api/v1/auth/me").status_code == 401


def test_inactive_user_cannot_sign_in(client, user_factory) -> None:
    user = user_factory("operator", active=False)
    assert _login(client, user.username, DEFAULT_PASSWORD).status_code == 200
    assert client.get("/api/v1/auth/me").status_code == 401


def test_failed_logins_are_rate_limited(app_factory) -> None:
    app = app_factory(LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    with app.app_context():
        create_user(db.session, "eve", DEFAULT_PASSWORD, "viewer")
    statuses = [_login(client, "eve", "wrong password").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Even the right password is refused while the limit holds.
    assert _login(client, "eve", DEFAULT_PASSWORD).status_code == 429


def test_successful_logins_do_not_use_up_the_limit(app_factory) -> None:
    app = app_factory(LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    with app.app_context():
        create_user(db.session, "kim", DEFAULT_PASSWORD, "operator")
    for _ in range(4):
        assert _login(client, "kim", DEFAULT_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/twin/?tab=orders", "/twin/?tab=orders"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_only_leads_to_paths_on_this_site(client, user_factory, target, expected) -> None:
    user = user_factory("viewer")
    response = _login(client, user.username, DEFAULT_PASSWORD, next=target)
    assert response.headers["Location"] == expected


def test_protected_page_sends_anonymous_users_to_login_with_next(client, user_factory) -> None:
    user_factory("admin")
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fadmin%2Fusers"


def test_logout_needs_post_and_a_csrf_token(client, login) -> None:
    login("operator")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/api/v1/auth/me").status_code == 200
    response = client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert client.get("/api/v1/auth/me").status_code == 401


def test_password_reset_ends_existing_sessions(app: Flask, client, login) -> None:
    user = login("supervisor")
    with app.app_context():
        set_password(db.session, get_user(db.session, user.id), "a brand new password")
    assert client.get("/api/v1/auth/me").status_code == 401


def test_deactivation_ends_existing_sessions(app: Flask, client, login) -> None:
    user = login("operator")
    with app.app_context():
        set_active(db.session, get_user(db.session, user.id), False)
    assert client.get("/api/v1/auth/me").status_code == 401


@pytest.mark.parametrize("role", ["admin", "supervisor", "operator", "viewer"])
def test_login_fixture_signs_in_every_role(client, login, role) -> None:
    user = login(role)
    me = client.get("/api/v1/auth/me").get_json()["user"]
    assert (me["id"], me["role"]) == (user.id, role)
