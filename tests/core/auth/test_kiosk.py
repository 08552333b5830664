"""Kiosk sign-in for staff: a scanned badge, or a name picked from a list and a PIN."""

from flask.testing import FlaskClient

from core.auth.models import User
from core.auth.services import create_user
from core.extensions import db
from tests.fixtures.auth import csrf_token


def _badge(client: FlaskClient, badge: str):
    token = csrf_token(client, "/kiosk/login")
    return client.post("/kiosk/login", data={"badge-badge": badge, "badge-csrf_token": token})


def _pin(client: FlaskClient, user_id: int, pin: str, **extra: str):
    data = {"pin-user_id": str(user_id), "pin-pin": pin, "pin-csrf_token": csrf_token(client)}
    return client.post("/kiosk/login", data=data | extra)


def _me(client: FlaskClient) -> dict | None:
    response = client.get("/api/v1/auth/me")
    return response.get_json()["user"] if response.status_code == 200 else None


def test_kiosk_page_has_a_focused_badge_field_and_lists_pin_users(client, user_factory) -> None:
    user_factory("operator", display_name="Olga Operator", pin="1234")
    user_factory("operator", display_name="Bo Badge-only", badge="B-77")
    user_factory("viewer", display_name="Vic Viewer", pin="1234")
    page = client.get("/kiosk/login").get_data(as_text=True)
    assert 'name="badge-badge"' in page
    assert "autofocus" in page
    assert "Olga Operator" in page
    assert "Bo Badge-only" not in page
    assert "Vic Viewer" not in page


def test_scanned_badge_signs_the_operator_in(client, user_factory) -> None:
    user = user_factory("operator", badge="0004711")
    response = _badge(client, "0004711\r\n")
    assert response.status_code == 302
    assert _me(client)["id"] == user.id


def test_unknown_badge_is_refused(client, user_factory) -> None:
    user_factory("operator", badge="0004711")
    response = _badge(client, "0004712")
    assert "Badge not recognised." in response.get_data(as_text=True)
    assert _me(client) is None


def test_badge_of_a_viewer_or_inactive_user_is_refused(client, user_factory) -> None:
    user_factory("viewer", badge="VIEW-1")
    user_factory("operator", badge="GONE-1", active=False)
    for badge in ("VIEW-1", "GONE-1"):
        assert _badge(client, badge).status_code == 200
        assert _me(client) is None


def test_name_and_pin_sign_in(client, user_factory) -> None:
    user = user_factory("supervisor", pin="24680")
    response = _pin(client, user.id, "24680", **{"pin-next": "/assembly/"})
    assert response.headers["Location"] == "/assembly/"
    assert _me(client)["role"] == "supervisor"


def test_wrong_pin_is_refused(client, user_factory) -> None:
    user = user_factory("operator", pin="1357")
    response = _pin(client, user.id, "1358")
    assert "Wrong PIN." in response.get_data(as_text=True)
    assert _me(client) is None


def test_pin_of_someone_not_in_the_list_is_refused(client, user_factory) -> None:
    listed = user_factory("operator", pin="1111")
    viewer = user_factory("viewer", pin="1111")
    response = _pin(client, viewer.id, "1111")
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert _me(client) is None
    assert _pin(client, listed.id, "1111").status_code == 302


def test_kiosk_sign_in_is_rate_limited(app_factory) -> None:
    app = app_factory(LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    with app.app_context():
        create_user(db.session, "root", "a long enough secret", "admin")
    statuses = [_badge(client, "nope-123").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_a_limited_way_in_leaves_the_other_ways_open_on_the_kiosk_page(
    app_factory, user_factory
) -> None:
    """Every glove-box sign-in comes from one address: wrong PINs must not lock out badges."""
    app = app_factory(LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    with app.app_context():
        create_user(db.session, "ann", "a long enough secret", "operator", badge="B-ANN-1")
        create_user(db.session, "bob", "another long secret", "operator", pin="2468")
        db.session.commit()
        ann, bob = (
            db.session.query(User).filter_by(username=name).one() for name in ("ann", "bob")
        )
    statuses = [_pin(client, ann.id, "0000").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = _pin(client, ann.id, "0000")
    page = limited.get_data(as_text=True)
    assert "Too many failed sign-ins this way" in page
    assert 'name="badge-badge"' in page  # still the kiosk's page, badge field ready
    assert int(limited.headers["Retry-After"]) > 0
    assert _pin(client, bob.id, "2468").status_code == 302  # another name's PIN still works
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert _badge(client, "B-ANN-1").status_code == 302  # and the badge reader too


def test_five_wrong_pins_lock_that_name_even_for_the_right_pin(client, user_factory) -> None:
    user = user_factory("operator", pin="1357")
    other = user_factory("operator", pin="2468")
    for _ in range(5):
        _pin(client, user.id, "0000")
    response = _pin(client, user.id, "1357")
    assert "locked for 15 minutes" in response.get_data(as_text=True)
    assert _me(client) is None
    # Only that name is locked: another operator's PIN still works.
    _pin(client, other.id, "2468")
    assert _me(client)["username"] == other.username


def test_kiosk_sign_in_without_a_destination_opens_the_kiosk(client, user_factory) -> None:
    user_factory("operator", badge="B-42")
    response = _badge(client, "B-42")
    assert response.headers["Location"] == "/assembly/kiosk"


def test_a_refused_next_lands_on_the_kiosk_home_not_the_office_home(client, user_factory) -> None:
    user = user_factory("operator", pin="1357")
    for unsafe in ("//evil.example/x", "https://evil.example/", "/\\evil"):
        response = _pin(client, user.id, "1357", **{"pin-next": unsafe})
        assert response.headers["Location"] == "/assembly/kiosk", unsafe


def test_a_kiosk_sign_out_returns_to_the_badge_sign_in(client, user_factory) -> None:
    user_factory("operator", badge="0004711")
    _badge(client, "0004711")
    back = "/kiosk/login?next=/assembly/kiosk"
    token = csrf_token(client, "/assembly/kiosk")
    response = client.post("/logout", data={"csrf_token": token, "next": back})
    assert response.headers["Location"] == back
    assert _me(client) is None
