"""API conventions: the OpenAPI document, the docs page, validation and JSON errors."""

from __future__ import annotations

import logging
import re

import pytest
from flask import Blueprint, Flask, abort
from flask.testing import FlaskClient
from openapi_spec_validator import validate
from pydantic import BaseModel, Field

from core.api import ApiError, api_doc, parse_body, parse_query
from core.auth import role_required
from core.extensions import limiter
from core.roles import MANAGERS
from tests.fixtures.database import AppFactory


class Dimensions(BaseModel):
    """A nested model, to be hoisted into components."""

    width_mm: float = Field(gt=0)
    height_mm: float = Field(gt=0)


class ThingIn(BaseModel):
    """What a client sends to make a thing."""

    name: str = Field(min_length=1)
    count: int = Field(ge=0)
    size: Dimensions | None = None


class ThingOut(BaseModel):
    """What the API answers about a thing."""

    id: int
    name: str


class ThingQuery(BaseModel):
    """Filters of the thing listing."""

    limit: int = Field(default=10, ge=1, le=100)
    tags: list[str] = []


def probe_blueprint() -> Blueprint:
    """Make a small API blueprint with one route per behaviour under test."""
    probe = Blueprint("probe", __name__, url_prefix="/api/v1/probe")

    @probe.post("/things")
    @api_doc("Make a thing", body=ThingIn, response=ThingOut, status=201, roles=MANAGERS)
    def make_thing() -> tuple[dict[str, object], int]:
        thing = parse_body(ThingIn)
        if thing.name == "taken":
            raise ApiError(409, "name already used", {"name": "already used"})
        return ThingOut(id=1, name=thing.name).model_dump(), 201

    @probe.get("/things")
    @api_doc("List things", query=ThingQuery, response=list[ThingOut], auth=("session", "device"))
    def list_things() -> dict[str, object]:
        query = parse_query(ThingQuery)
        return {"limit": query.limit, "tags": query.tags}

    @probe.get("/things/<int:thing_id>/parts/<name>")
    def undocumented(thing_id: int, name: str) -> dict[str, object]:
        """Show one part of a thing."""
        return {"thing": thing_id, "name": name}

    @probe.get("/guarded")
    @role_required(*MANAGERS)
    @api_doc("A guarded probe", roles=MANAGERS, errors=(503,))
    def guarded() -> dict[str, str]:
        return {"ok": "yes"}

    @probe.get("/forbidden")
    def forbidden() -> dict[str, str]:
        abort(403)

    @probe.get("/boom")
    def boom() -> dict[str, str]:
        raise RuntimeError("secret-detail-42")

    @probe.get("/limited")
    @limiter.limit("1 per minute")
    def limited() -> dict[str, str]:
        return {"ok": "yes"}

    return probe


@pytest.fixture
def probe_app(app_factory: AppFactory) -> Flask:
    """Return the app with the probe blueprint, answering unexpected errors as a server would."""
    app = app_factory(PROPAGATE_EXCEPTIONS=False)
    app.register_blueprint(probe_blueprint())
    return app


@pytest.fixture
def probe(probe_app: Flask) -> FlaskClient:
    """Return a client that sends the CSRF token the docs page hands out, as Swagger UI does."""
    client = probe_app.test_client()
    page = client.get("/api/docs").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert token is not None
    client.environ_base["HTTP_X_CSRFTOKEN"] = token[1]
    return client


def openapi_path(rule: str) -> str:
    """Write a Flask rule the way OpenAPI writes paths."""
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def test_document_is_valid_openapi_and_public(probe_app: Flask) -> None:
    response = probe_app.test_client().get("/api/openapi.json")

    assert response.status_code == 200
    document = response.get_json()
    validate(document)
    assert document["openapi"].startswith("3.")


def test_document_lists_every_api_rule_and_method(probe_app: Flask) -> None:
    paths = probe_app.test_client().get("/api/openapi.json").get_json()["paths"]

    rules = [rule for rule in probe_app.url_map.iter_rules() if rule.rule.startswith("/api/")]
    assert len(rules) > 5
    for rule in rules:
        methods = {method.lower() for method in rule.methods or ()} - {"head", "options"}
        assert methods <= set(paths[openapi_path(rule.rule)]), rule.rule
    assert not [path for path in paths if not path.startswith("/api/")]


def test_declared_models_appear_as_schemas(probe_app: Flask) -> None:
    document = probe_app.test_client().get("/api/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    make = document["paths"]["/api/v1/probe/things"]["post"]
    listing = document["paths"]["/api/v1/probe/things"]["get"]

    body = make["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/ThingIn"}
    assert set(schemas["ThingIn"]["required"]) == {"name", "count"}
    nested = str(schemas["ThingIn"]["properties"]["size"])
    assert "#/components/schemas/Dimensions" in nested
    assert schemas["Dimensions"]["properties"]["width_mm"]["exclusiveMinimum"] == 0
    created = make["responses"]["201"]["content"]["application/json"]["schema"]
    assert created == {"$ref": "#/components/schemas/ThingOut"}
    assert make["summary"] == "Make a thing"
    assert make["x-roles"] == ["admin", "supervisor"]
    assert make["security"] == [{"session": [], "csrfToken": []}]
    errors = {status: ref["$ref"] for status, ref in make["responses"].items() if status != "201"}
    assert set(errors) == {"400", "401", "403", "409", "413", "415", "422"}
    assert all(ref.split("/")[-1] in document["components"]["responses"] for ref in errors.values())
    assert {"limit", "tags"} == {item["name"] for item in listing["parameters"]}
    listed = listing["responses"]["200"]["content"]["application/json"]["schema"]
    assert listed == {"type": "array", "items": {"$ref": "#/components/schemas/ThingOut"}}
    assert listing["security"] == [{"session": []}, {"deviceBearer": []}, {"deviceToken": []}]


def test_metadata_survives_other_decorators(probe_app: Flask) -> None:
    paths = probe_app.test_client().get("/api/openapi.json").get_json()["paths"]

    guarded = paths["/api/v1/probe/guarded"]["get"]
    assert guarded["summary"] == "A guarded probe"
    assert guarded["responses"]["503"]["description"] == "Service Unavailable"


def test_undeclared_route_still_has_its_path_parameters(probe_app: Flask) -> None:
    paths = probe_app.test_client().get("/api/openapi.json").get_json()["paths"]

    operation = paths["/api/v1/probe/things/{thing_id}/parts/{name}"]["get"]
    assert operation["summary"] == "Show one part of a thing."
    parameters = {item["name"]: item for item in operation["parameters"]}
    assert parameters["thing_id"]["schema"]["type"] == "integer"
    assert parameters["name"]["schema"]["type"] == "string"
    assert operation["responses"]["404"] == {"$ref": "#/components/responses/NotFound"}


def test_error_schema_and_security_schemes(probe_app: Flask) -> None:
    components = probe_app.test_client().get("/api/openapi.json").get_json()["components"]

    error = components["schemas"]["ErrorBody"]
    assert error["properties"]["error"]["type"] == "string"
    assert error["properties"]["fields"]["additionalProperties"] == {"type": "string"}
    for name in ("BadRequest", "Unauthorized", "Forbidden", "NotFound", "Conflict"):
        schema = components["responses"][name]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorBody"}
    schemes = components["securitySchemes"]
    assert schemes["session"] == {**schemes["session"], "type": "apiKey", "in": "cookie"}
    assert schemes["csrfToken"]["name"] == "X-CSRFToken"
    assert schemes["deviceBearer"] == {**schemes["deviceBearer"], "type": "http"}
    assert schemes["deviceToken"]["name"] == "X-Device-Token"


def test_docs_page_uses_only_local_assets(client: FlaskClient) -> None:
    response = client.get("/api/docs")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert not re.search(r"https?://", page)
    assert 'data-spec-url="/api/openapi.json"' in page
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        with client.get(asset) as served:
            assert served.status_code == 200, asset
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    with client.get("/static/js/api-docs.js") as script:
        assert "X-CSRFToken" in script.get_data(as_text=True)


def test_valid_body_is_accepted(probe: FlaskClient) -> None:
    response = probe.post("/api/v1/probe/things", json={"name": "cell", "count": 3})

    assert response.status_code == 201
    assert response.get_json() == {"id": 1, "name": "cell"}


def test_malformed_json_is_400(probe: FlaskClient) -> None:
    response = probe.post("/api/v1/probe/things", data="{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.get_json() == {
        "error": "request body must be JSON",
        "fields": {"body": "expected a JSON value"},
    }


def test_body_that_is_not_json_is_415(probe: FlaskClient) -> None:
    response = probe.post("/api/v1/probe/things", data={"name": "cell", "count": "3"})

    assert response.status_code == 415
    assert response.get_json()["fields"] == {"body": "send Content-Type: application/json"}


def test_invalid_fields_are_422_naming_each_field(probe: FlaskClient) -> None:
    response = probe.post(
        "/api/v1/probe/things",
        json={"name": "", "count": -1, "size": {"width_mm": 0, "height_mm": 5}},
    )

    body = response.get_json()
    assert response.status_code == 422
    assert body == {
        "error": "invalid request",
        "fields": {
            "name": "Must not be empty.",
            "count": "Must be at least 0.",
            "size.width_mm": "Must be more than 0.",
        },
    }


def test_missing_csrf_token_is_400_json(probe_app: Flask) -> None:
    response = probe_app.test_client().post(
        "/api/v1/probe/things", json={"name": "cell", "count": 3}
    )

    assert response.status_code == 400
    assert response.is_json
    assert "CSRF" in response.get_json()["error"]


def test_conflict_is_409(probe: FlaskClient) -> None:
    response = probe.post("/api/v1/probe/things", json={"name": "taken", "count": 1})

    assert response.status_code == 409
    assert response.get_json() == {"error": "name already used", "fields": {"name": "already used"}}


def test_query_is_validated_with_lists(probe: FlaskClient) -> None:
    good = probe.get("/api/v1/probe/things?limit=5&tags=a&tags=b")
    single = probe.get("/api/v1/probe/things?tags=a")
    bad = probe.get("/api/v1/probe/things?limit=0")

    assert good.get_json() == {"limit": 5, "tags": ["a", "b"]}
    assert single.get_json() == {"limit": 10, "tags": ["a"]}
    assert bad.status_code == 422
    assert bad.get_json()["fields"] == {"limit": "Must be at least 1."}


def test_anonymous_is_401_json(probe: FlaskClient) -> None:
    response = probe.get("/api/v1/probe/guarded")

    body = response.get_json()
    assert response.status_code == 401
    assert isinstance(body["error"], str)
    assert body["fields"] == {}


def test_forbidden_is_403_json(probe: FlaskClient) -> None:
    response = probe.get("/api/v1/probe/forbidden")

    assert response.status_code == 403
    assert response.get_json() == {"error": "forbidden", "fields": {}}


def test_unknown_api_path_is_404_json(probe: FlaskClient) -> None:
    response = probe.get("/api/v1/probe/nothing-here")

    assert response.status_code == 404
    assert response.get_json() == {"error": "not found", "fields": {}}


def test_wrong_method_is_405_json_with_allow(probe: FlaskClient) -> None:
    response = probe.delete("/api/v1/probe/things")

    assert response.status_code == 405
    assert response.get_json() == {"error": "method not allowed", "fields": {}}
    assert {"GET", "POST"} <= set(response.headers["Allow"].replace(" ", "").split(","))


def test_body_too_large_is_413_json(app_factory: AppFactory) -> None:
    app = app_factory(MAX_CONTENT_LENGTH=64, WTF_CSRF_ENABLED=False)
    app.register_blueprint(probe_blueprint())

    response = app.test_client().post("/api/v1/probe/things", json={"name": "x" * 200, "count": 1})

    assert response.status_code == 413
    assert response.get_json() == {"error": "request entity too large", "fields": {}}


def test_rate_limit_is_429_json(probe: FlaskClient) -> None:
    assert probe.get("/api/v1/probe/limited").status_code == 200

    response = probe.get("/api/v1/probe/limited")

    assert response.status_code == 429
    assert response.get_json() == {"error": "too many requests: 1 per 1 minute", "fields": {}}


def test_unexpected_exception_is_500_json_without_details(
    probe: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        response = probe.get("/api/v1/probe/boom")

    assert response.status_code == 500
    assert response.get_json() == {"error": "internal error", "fields": {}}
    assert "secret-detail-42" not in response.get_data(as_text=True)
    assert "secret-detail-42" in caplog.text


def test_page_paths_keep_html_errors(probe: FlaskClient) -> None:
    response = probe.get("/static/no-such-file.css")

    assert response.status_code == 404
    assert response.mimetype == "text/html"
