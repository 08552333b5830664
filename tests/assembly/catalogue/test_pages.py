"""Catalogue pages: forms with field errors, escaped HTML, guarded deletes, roles and CSRF."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assembly.models import Component, Project
from core.extensions import db
from tests.assembly.catalogue.conftest import GIF, audit_actions, png_bytes
from tests.fixtures.auth import csrf_token

XSS = "<script>alert(1)</script>"


def _form(client: FlaskClient, **fields: object) -> dict[str, object]:
    return {"csrf_token": csrf_token(client, "/assembly/components"), **fields}


def _component(**fields: object) -> dict[str, object]:
    return {"name": "Anode", "colour": "#d62828", "gpio_pin": "17", "notes": ""} | fields


def test_supervisor_creates_a_component_with_a_picture(app: Flask, client, login) -> None:
    login("supervisor")
    data = _form(client, **_component(target_seconds="30", critical="y"))
    data["image"] = (io.BytesIO(png_bytes()), "anode.png")
    response = client.post("/assembly/components/new", data=data)
    assert response.status_code == 302
    listing = client.get("/assembly/components").get_data(as_text=True)
    image = re.search(r'src="(/assembly/components/images/[0-9a-f]{32}\.png)"', listing)
    assert image, listing
    with client.get(image.group(1)) as served:
        assert served.data == png_bytes()
        assert served.mimetype == "image/png"
    with app.app_context():
        stored = db.session.get(Component, "anode")
        assert (stored.gpio_pin, stored.target_seconds, stored.critical) == (17, 30, True)


def test_a_form_upload_over_the_request_limit_says_what_pictures_may_be(
    app: Flask, client, login
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    login("supervisor")
    data = _form(client, **_component())
    data["image"] = (io.BytesIO(b"x" * 100_000), "huge.png")
    response = client.post("/assembly/components/new", data=data)
    assert response.status_code == 413
    assert "a picture may be at most 2048 KiB" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Component).count() == 0


def test_bad_form_values_are_shown_on_their_fields_and_nothing_is_made(
    app: Flask, client, login
) -> None:
    login("supervisor")
    data = _form(client, **_component(gpio_pin="8"))
    data["image"] = (io.BytesIO(GIF), "anode.png")
    response = client.post("/assembly/components/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "reserved for SPI (CE0)" in page
    data = _form(client, **_component())
    data["image"] = (io.BytesIO(GIF), "anode.png")
    page = client.post("/assembly/components/new", data=data).get_data(as_text=True)
    assert "Must be a PNG, JPEG or WebP image." in page
    with app.app_context():
        assert db.session.query(Component).count() == 0


def test_images_are_only_served_by_generated_name(client, login) -> None:
    login("operator")
    for name in ("..%2F..%2Fapp.py", "secret.txt", "0" * 32 + ".gif"):
        assert client.get(f"/assembly/components/images/{name}").status_code == 404


def test_html_in_names_is_escaped_on_every_page(app: Flask, client, login, make_project) -> None:
    login("supervisor")
    client.post(
        "/assembly/components/new", data=_form(client, **_component(name=XSS, gpio_pin="5"))
    )
    made = make_project(("anode",))
    with app.app_context():
        project = db.session.get(Project, made.project_id)
        project.name, project.description = XSS, XSS
        project.latest.steps[0].label = XSS
        db.session.commit()
    for path in (
        "/assembly/components",
        "/assembly/components/script-alert-1-script/edit",
        "/assembly/projects",
        f"/assembly/projects/{made.project_id}",
        f"/assembly/projects/{made.project_id}/steps",
        f"/assembly/projects/{made.project_id}/history",
    ):
        page = client.get(path).get_data(as_text=True)
        assert XSS not in page, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path


def test_deleting_a_used_component_is_refused_with_the_projects(
    app: Flask, client, login, make_project
) -> None:
    login("supervisor")
    make_project(("anode", "cathode"))
    response = client.post("/assembly/components/anode/delete", data=_form(client))
    assert response.status_code == 409
    message = re.search(r"<p [^>]*data-message>(.*?)</p>", response.get_data(as_text=True))
    assert message, response.get_data(as_text=True)
    assert message.group(1) == "Anode is used by 1 project: Stack A."
    with app.app_context():
        assert db.session.get(Component, "anode") is not None


def test_steps_page_saves_order_and_makes_a_version_when_used(
    app: Flask, client, login, make_project, make_job
) -> None:
    login("supervisor")
    made = make_project(("anode", "cathode", "electrolyte"))
    make_job(made.version_id)
    rows = {"steps-0-component_id": "electrolyte", "steps-0-label": "First", "steps-0-note": ""}
    rows |= {"steps-1-component_id": "anode", "steps-1-label": "Then", "steps-1-note": "gently"}
    data = _form(client, change_note="electrolyte first", **rows)
    response = client.post(f"/assembly/projects/{made.project_id}/steps", data=data)
    assert response.status_code == 302
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.findall(r'data-step="([a-z]+)"', detail) == ["electrolyte", "anode"]
    history = client.get(f"/assembly/projects/{made.project_id}/history").get_data(as_text=True)
    assert 'data-change="removed"' in history
    assert 'data-change="moved"' in history
    with app.app_context():
        project = db.session.get(Project, made.project_id)
        assert [v.number for v in project.versions] == [1, 2]
        assert audit_actions(db.session, made.project_id) == ["assembly.project_steps_set"]


def test_steps_page_names_the_bad_row(client, login, make_project) -> None:
    login("supervisor")
    made = make_project(("anode",))
    data = _form(client, **{"steps-0-component_id": "../x", "steps-0-label": "x"})
    response = client.post(f"/assembly/projects/{made.project_id}/steps", data=data)
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_new_duplicate_and_archive_from_pages(app: Flask, client, login, make_project) -> None:
    login("supervisor")
    response = client.post(
        "/assembly/projects/new", data=_form(client, name="Stack", description="")
    )
    assert response.headers["Location"].endswith("/assembly/projects/stack/steps")
    make_project(("anode",), project_id="stack-a")
    assert (
        client.post("/assembly/projects/stack-a/duplicate", data=_form(client)).status_code == 302
    )
    assert client.post("/assembly/projects/stack-a/archive", data=_form(client)).status_code == 302
    with app.app_context():
        assert db.session.get(Project, "stack-a-copy").latest.steps[0].component_id == "anode"
        assert db.session.get(Project, "stack-a").archived


PAGES = [
    ("GET", "/assembly/components"),
    ("GET", "/assembly/components/new"),
    ("POST", "/assembly/components/new"),
    ("GET", "/assembly/components/anode/edit"),
    ("POST", "/assembly/components/anode/edit"),
    ("POST", "/assembly/components/anode/delete"),
    ("GET", "/assembly/projects"),
    ("GET", "/assembly/projects/new"),
    ("POST", "/assembly/projects/new"),
    ("GET", "/assembly/projects/stack-a"),
    ("GET", "/assembly/projects/stack-a/edit"),
    ("POST", "/assembly/projects/stack-a/edit"),
    ("GET", "/assembly/projects/stack-a/steps"),
    ("POST", "/assembly/projects/stack-a/steps"),
    ("GET", "/assembly/projects/stack-a/history"),
    ("POST", "/assembly/projects/stack-a/duplicate"),
    ("POST", "/assembly/projects/stack-a/archive"),
    ("POST", "/assembly/projects/stack-a/restore"),
]
WRITE_API = [
    ("POST", "/api/v1/assembly/components"),
    ("PATCH", "/api/v1/assembly/components/anode"),
    ("DELETE", "/api/v1/assembly/components/anode"),
    ("POST", "/api/v1/assembly/components/anode/image"),
    ("POST", "/api/v1/assembly/projects"),
    ("PATCH", "/api/v1/assembly/projects/stack-a"),
    ("PUT", "/api/v1/assembly/projects/stack-a/steps"),
    ("POST", "/api/v1/assembly/projects/stack-a/duplicate"),
]


@pytest.mark.parametrize("role", ["operator", "viewer"])
def test_operators_and_viewers_get_403_on_pages_and_write_api(
    app: Flask, client, login, make_project, role: str
) -> None:
    make_project(("anode",))
    login(role)
    token = csrf_token(client)
    for method, path in PAGES + WRITE_API:
        response = client.open(
            path, method=method, data={"csrf_token": token}, headers={"X-CSRFToken": token}
        )
        assert response.status_code == 403, (method, path)
    with app.app_context():
        assert db.session.get(Component, "anode") is not None
        assert db.session.get(Project, "stack-a-copy") is None


def test_posts_without_csrf_token_are_refused(app: Flask, client, login, make_project) -> None:
    make_project(("anode",))
    login("supervisor")
    assert (
        client.post(
            "/assembly/components/new", data=_component(name="Cathode", gpio_pin="5")
        ).status_code
        == 400
    )
    assert client.post("/assembly/components/anode/delete").status_code == 400
    assert client.post("/assembly/projects/stack-a/duplicate").status_code == 400
    assert client.post("/api/v1/assembly/projects", json={"name": "X"}).status_code == 400
    with app.app_context():
        assert db.session.query(Component).count() == 4
        assert db.session.query(Project).count() == 1


def test_history_names_components_and_only_what_changed(
    client, login, make_project, make_job
) -> None:
    login("supervisor")
    made = make_project(("anode", "cathode"))
    make_job(made.version_id)
    rows = {"steps-0-component_id": "anode", "steps-0-label": "Place anode"}
    rows |= {"steps-0-note": "wipe first"}
    rows |= {"steps-1-component_id": "cathode", "steps-1-label": "Press", "steps-1-note": ""}
    client.post(f"/assembly/projects/{made.project_id}/steps", data=_form(client, **rows))
    history = client.get(f"/assembly/projects/{made.project_id}/history").get_data(as_text=True)
    changes = [
        " ".join(re.sub(r"<[^>]+>", "", item).split())
        for item in re.findall(r'<li class="diff-[a-z]+"[^>]*>(.*?)</li>', history, re.S)
    ]
    assert changes == [
        "Changed Anode at step 1: note (none) → “wipe first”",
        "Changed Cathode at step 2: label “Place cathode” → “Press”",
    ]


def test_the_step_picker_tells_two_components_of_one_name_apart(client, login) -> None:
    login("supervisor")
    for pin in ("17", "22"):
        client.post("/assembly/components/new", data=_form(client, **_component(gpio_pin=pin)))
    cathode = _component(name="Cathode", gpio_pin="23")
    client.post("/assembly/components/new", data=_form(client, **cathode))
    data = _form(client, name="Stack", description="")
    steps_page = client.get(client.post("/assembly/projects/new", data=data).headers["Location"])
    options = re.findall(r"<option[^>]*>([^<]+)</option>", steps_page.get_data(as_text=True))
    assert {"Anode (anode, GPIO 17)", "Anode (anode-2, GPIO 22)", "Cathode"} <= set(options)


def test_saving_the_steps_unchanged_says_nothing_changed(client, login, make_project) -> None:
    login("supervisor")
    url = f"/assembly/projects/{make_project(('anode',)).project_id}/steps"
    rows = {"steps-0-component_id": "anode", "steps-0-label": "Place anode", "steps-0-note": ""}

    def saved() -> str:
        response = client.post(url, data=_form(client, **rows))
        return client.get(response.headers["Location"]).get_data(as_text=True)

    assert "Nothing changed: the steps are those of version 1." in saved()
    rows["steps-0-note"] = "wipe first"
    assert "Steps saved as version 1." in saved()
