"""The catalogue's OpenAPI schemas against what its routes really answer and accept."""

from __future__ import annotations

import copy
import io
from typing import Any

from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from tests.assembly.catalogue.conftest import png_bytes
from tests.fixtures.auth import csrf_token

API = "/api/v1/assembly"
CATALOGUE = (f"{API}/components", f"{API}/projects")
SCHEMAS = "#/components/schemas/"


def _strict(doc: dict[str, Any]) -> dict[str, Any]:
    """Return the doc's schemas where every documented property must be answered, and no other."""
    schemas = copy.deepcopy(doc["components"]["schemas"])
    for schema in schemas.values():
        if "properties" in schema:
            schema["additionalProperties"] = False
            schema["required"] = sorted(schema["properties"])
    return {"schemas": schemas}


def _answer_schema(doc: dict[str, Any], path: str, method: str, status: int) -> dict[str, Any]:
    responses = doc["paths"][path][method]["responses"]
    assert str(status) in responses, f"{method} {path} answered {status}, not documented"
    return responses[str(status)].get("content", {}).get("application/json", {}).get("schema")


def _documented_answers(doc: dict[str, Any]) -> set[tuple[str, str]]:
    """Return (method, path) of every catalogue operation documented to answer JSON."""
    return {
        (method, path)
        for path, operations in doc["paths"].items()
        if path.startswith(CATALOGUE)
        for method, operation in operations.items()
        for status, answer in operation["responses"].items()
        if status.startswith("2") and "application/json" in answer.get("content", {})
    }


def _calls(client: FlaskClient) -> list[tuple[str, str, Any]]:
    """Call every catalogue endpoint once; return (method, documented path, response)."""
    headers = {"X-CSRFToken": csrf_token(client)}
    component = f"{API}/components/{{component_id}}"
    project = f"{API}/projects/{{project_id}}"
    tab = {"name": "Tab", "colour": "#000000", "gpio_pin": 5, "target_seconds": 10}
    steps = {"steps": [{"component_id": "tab", "label": "Weld"}], "change_note": "tab"}
    return [
        ("get", f"{API}/components", client.get(f"{API}/components")),
        ("post", f"{API}/components", client.post(f"{API}/components", json=tab, headers=headers)),
        ("get", component, client.get(f"{API}/components/anode")),
        ("patch", component, client.patch(f"{API}/components/tab", json={}, headers=headers)),
        (
            "post",
            f"{component}/image",
            client.post(
                f"{API}/components/tab/image",
                data={"image": (io.BytesIO(png_bytes()), "tab.png")},
                headers=headers,
            ),
        ),
        ("get", f"{API}/projects", client.get(f"{API}/projects")),
        (
            "post",
            f"{API}/projects",
            client.post(f"{API}/projects", json={"name": "Cell"}, headers=headers),
        ),
        ("get", project, client.get(f"{API}/projects/stack-a")),
        ("patch", project, client.patch(f"{API}/projects/cell", json={}, headers=headers)),
        (
            "put",
            f"{project}/steps",
            client.put(f"{API}/projects/cell/steps", json=steps, headers=headers),
        ),
        ("get", f"{project}/versions", client.get(f"{API}/projects/stack-a/versions")),
        ("get", f"{project}/versions/{{number}}", client.get(f"{API}/projects/stack-a/versions/1")),
        (
            "post",
            f"{project}/duplicate",
            client.post(f"{API}/projects/stack-a/duplicate", json={}, headers=headers),
        ),
    ]


def test_every_catalogue_answer_has_exactly_its_documented_properties(
    client, login, make_project
) -> None:
    make_project(("anode", "cathode"))
    login("supervisor")
    doc = client.get("/api/openapi.json").json
    components = _strict(doc)
    problems, seen = [], set()
    for method, path, response in _calls(client):
        assert response.status_code < 300, (method, path, response.json)
        seen.add((method, path))
        schema = _answer_schema(doc, path, method, response.status_code)
        validator = Draft202012Validator(
            {**schema, "components": components}, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for error in validator.iter_errors(response.json):
            causes = [c for c in error.context or [error] if c.validator_value != "null"]
            for cause in causes:  # under anyOf: why the branch that is not null failed
                where = "/".join(map(str, cause.absolute_path)) or "."
                problems.append(f"{method} {path} at {where}: {cause.message}")
    assert not problems, "\n".join(problems)
    assert _documented_answers(doc) <= seen


def test_a_versions_id_is_the_one_jobs_take(client, login, make_project) -> None:
    made = make_project(("anode",))
    login("viewer")
    versions = client.get(f"{API}/projects/stack-a/versions").json
    assert [version["id"] for version in versions] == [made.version_id]
    assert client.get(f"{API}/projects/stack-a/versions/1").json["id"] == made.version_id
    assert client.get(f"{API}/projects/stack-a").json["latest"]["id"] == made.version_id


def test_patch_bodies_document_null_exactly_where_it_is_accepted(
    client, login, make_project
) -> None:
    make_project(("anode",))
    login("supervisor")
    headers = {"X-CSRFToken": csrf_token(client)}
    doc = client.get("/api/openapi.json").json
    targets = {
        f"{API}/components/{{component_id}}": f"{API}/components/anode",
        f"{API}/projects/{{project_id}}": f"{API}/projects/stack-a",
    }
    mismatches = []
    for path, target in targets.items():
        body = doc["paths"][path]["patch"]["requestBody"]["content"]["application/json"]
        model = doc["components"]["schemas"][body["schema"]["$ref"].removeprefix(SCHEMAS)]
        for name, schema in model["properties"].items():
            documented = Draft202012Validator(schema).is_valid(None)
            answer = client.patch(target, json={name: None}, headers=headers)
            if (answer.status_code == 200) != documented:
                mismatches.append((path, name, documented, answer.status_code))
    assert mismatches == []
