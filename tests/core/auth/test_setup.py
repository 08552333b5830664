"""First run: no default account; /setup creates the first admin, then disappears."""

from flask import Flask
from flask.testing import FlaskClient

from core.auth.models import User
from core.extensions import db
from tests.fixtures.auth import csrf_token

PASSWORD = "a long enough secret"


def _setup_form(client: FlaskClient, **overrides: str) -> dict[str, str]:
    form = {
        "username": "Ada",
        "display_name": "Ada Lovelace",
        "password": PASSWORD,
        "confirm": PASSWORD,
        "csrf_token": csrf_token(client, "/setup"),
    }
    return form | overrides


def test_every_page_goes_to_setup_while_no_user_exists(client: FlaskClient) -> None:
    for path in ("/", "/login", "/kiosk/login", "/admin/users", "/assembly/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == "/setup", path


def test_health_static_and_api_are_not_sent_to_setup(client: FlaskClient) -> None:
    assert client.get("/api/v1/auth/me").status_code == 401
    for path in ("/healthz", "/metrics", "/static/nothing.css"):
        location = client.get(path).headers.get("Location", "")
        assert "/setup" not in location, path


def test_setup_creates_the_first_admin_and_signs_them_in(app: Flask, client: FlaskClient) -> None:
    response = client.post("/setup", data=_setup_form(client))
    assert response.status_code == 302
    with app.app_context():
        admin = db.session.query(User).one()
        assert (admin.username, admin.display_name, admin.role) == ("ada", "Ada Lovelace", "admin")
    me = client.get("/api/v1/auth/me").get_json()
    assert me["user"]["username"] == "ada"


def test_setup_is_gone_once_a_user_exists(client: FlaskClient) -> None:
    client.post("/setup", data=_setup_form(client))
    assert client.get("/setup").status_code == 404
    again = client.post("/setup", data=_setup_form(client, username="mallory"))
    assert again.status_code == 404
    assert client.get("/login").status_code == 302  # signed in: /login goes home


def test_setup_refuses_short_or_mismatched_passwords(app: Flask, client: FlaskClient) -> None:
    short = client.post("/setup", data=_setup_form(client, password="short", confirm="short"))
    assert "Must be 10 to 1024 characters." in short.get_data(as_text=True)
    mismatch = client.post("/setup", data=_setup_form(client, confirm="something else entirely"))
    assert "Must match the password." in mismatch.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(User).count() == 0
