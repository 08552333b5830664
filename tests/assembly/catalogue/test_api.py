"""Catalogue JSON API: create and change with named field errors, pictures, versions, roles."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assembly.models import Component
from core.extensions import db
from tests.assembly.catalogue.conftest import GIF, audit_actions, png_bytes
from tests.fixtures.auth import csrf_token

API = "/api/v1/assembly"


def _headers(client: FlaskClient) -> dict[str, str]:
    return {"X-CSRFToken": csrf_token(client)}


def test_components_are_created_changed_and_refused_with_fields(app: Flask, client, login) -> None:
    login("supervisor")
    headers = _headers(client)
    body = {"name": "Anode", "colour": "#d62828", "gpio_pin": 17, "target_seconds": 30}
    created = client.post(f"{API}/components", json=body, headers=headers)
    assert created.status_code == 201
    assert created.json["id"] == "anode"
    refused = client.post(
        f"{API}/components", json=body | {"name": "Cathode", "gpio_pin": 9}, headers=headers
    )
    assert refused.status_code == 422
    assert "SPI" in refused.json["fields"]["gpio_pin"]
    patched = client.patch(
        f"{API}/components/anode", json={"target_seconds": None, "critical": True}, headers=headers
    )
    assert (patched.json["target_seconds"], patched.json["critical"]) == (None, True)
    nulled = client.patch(f"{API}/components/anode", json={"name": None}, headers=headers)
    assert nulled.status_code == 422
    assert nulled.json["fields"] == {"name": "May not be null."}
    assert client.get(f"{API}/components/nope").status_code == 404


def test_picture_upload_checks_content(app: Flask, client, login, make_project) -> None:
    make_project(("anode",))
    login("supervisor")
    headers = _headers(client)
    bad = client.post(
        f"{API}/components/anode/image",
        data={"image": (io.BytesIO(GIF), "photo.png")},
        headers=headers,
    )
    assert bad.status_code == 422
    assert bad.json["fields"] == {"image": "Must be a PNG, JPEG or WebP image."}
    good = client.post(
        f"{API}/components/anode/image",
        data={"image": (io.BytesIO(png_bytes()), "photo.gif")},
        headers=headers,
    )
    assert good.status_code == 200
    assert good.json["image_url"].endswith(".png")
    deleted = client.delete(f"{API}/components/anode", headers=headers)
    assert deleted.status_code == 409
    assert "Stack A" in deleted.json["error"]
    with app.app_context():
        assert db.session.get(Component, "anode").image is not None


def test_an_upload_over_the_request_limit_names_the_picture(
    app: Flask, client, login, make_project
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024  # the real limit is 16 MiB: same answer
    make_project(("anode",))
    login("supervisor")
    refused = client.post(
        f"{API}/components/anode/image",
        data={"image": (io.BytesIO(b"x" * 100_000), "huge.png")},
        headers=_headers(client),
    )
    assert refused.status_code == 413
    assert refused.json["fields"] == {"image": "Must be at most 2048 KiB."}
    with app.app_context():
        assert db.session.get(Component, "anode").image is None


def test_projects_steps_and_versions(app: Flask, client, login, make_project, make_job) -> None:
    made = make_project(("anode", "cathode"))
    login("supervisor")
    headers = _headers(client)
    make_job(made.version_id)
    steps = {"steps": [{"component_id": "cathode"}, {"component_id": "anode"}]}
    put = client.put(f"{API}/projects/stack-a/steps", json=steps, headers=headers)
    assert put.status_code == 200
    assert (put.json["number"], put.json["in_use"]) == (2, False)
    versions = client.get(f"{API}/projects/stack-a/versions").json
    assert [(v["number"], v["step_count"]) for v in versions] == [(1, 2), (2, 2)]
    first = client.get(f"{API}/projects/stack-a/versions/1").json
    assert [s["component_id"] for s in first["steps"]] == ["anode", "cathode"]
    assert first["in_use"] is True
    bad = client.put(
        f"{API}/projects/stack-a/steps", json={"steps": [{"component_id": "x"}]}, headers=headers
    )
    assert bad.json["fields"] == {"steps.0.component_id": "Choose an existing component."}
    copy = client.post(f"{API}/projects/stack-a/duplicate", json={}, headers=headers)
    assert copy.status_code == 201
    assert copy.json["id"] == "stack-a-copy"
    assert [s["component_id"] for s in copy.json["latest"]["steps"]] == ["cathode", "anode"]
    archived = client.patch(f"{API}/projects/stack-a", json={"archived": True}, headers=headers)
    assert archived.json["archived"] is True


def test_viewers_may_read(client, login, make_project) -> None:
    make_project(("anode",))
    login("viewer")
    assert client.get(f"{API}/components").status_code == 200
    assert client.get(f"{API}/projects/stack-a").json["latest"]["number"] == 1


@pytest.mark.parametrize("field", ["name", "colour", "gpio_pin", "critical", "notes"])
def test_component_patch_refuses_null_naming_the_field(
    app: Flask, client, login, make_project, field: str
) -> None:
    make_project(("anode",))
    login("supervisor")
    headers = _headers(client)
    before = client.get(f"{API}/components/anode").json
    nulled = client.patch(f"{API}/components/anode", json={field: None}, headers=headers)
    assert nulled.status_code == 422
    assert nulled.json["fields"] == {field: "May not be null."}
    assert client.get(f"{API}/components/anode").json == before


@pytest.mark.parametrize("field", ["name", "description", "archived"])
def test_project_patch_refuses_null_naming_the_field(
    app: Flask, client, login, make_project, field: str
) -> None:
    make_project(("anode",))
    login("supervisor")
    headers = _headers(client)
    before = client.get(f"{API}/projects/stack-a").json
    nulled = client.patch(
        f"{API}/projects/stack-a",
        json={"name": "Renamed"} | {field: None},
        headers=headers,
    )
    assert nulled.status_code == 422
    assert nulled.json["fields"] == {field: "May not be null."}
    assert client.get(f"{API}/projects/stack-a").json == before
    with app.app_context():
        assert "assembly.project_updated" not in audit_actions(db.session)


def test_deleting_a_used_component_answers_one_sentence_and_names_the_state(
    client, login, make_project
) -> None:
    make_project(("anode",), project_id="stack-a")
    make_project(("anode",), project_id="stack-b")
    login("supervisor")
    deleted = client.delete(f"{API}/components/anode", headers=_headers(client))
    assert deleted.status_code == 409
    assert deleted.json == {
        "error": "Anode is used by 2 projects: Stack A, Stack B",
        "fields": {"component": "in use"},
    }
