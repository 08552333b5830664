"""Build the OpenAPI 3.1 document from the app's /api/ routes and their api_doc metadata."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, get_args, get_origin

from flask import Flask
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from werkzeug.routing import Rule

from core.api.errors import API_PREFIX, ErrorBody
from core.api.spec import ApiDoc, doc_of, roles_of

OPENAPI_VERSION = "3.1.0"
SCHEMAS = "#/components/schemas/"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
IGNORED_METHODS = frozenset({"HEAD", "OPTIONS"})
RULE_ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
CONVERTER_SCHEMAS: dict[str, dict[str, Any]] = {
    "int": {"type": "integer", "minimum": 0},
    "float": {"type": "number", "minimum": 0},
    "uuid": {"type": "string", "format": "uuid"},
}
ERRORS: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "Malformed JSON body or missing CSRF token"),
    401: ("Unauthorized", "Not signed in and no valid device token"),
    403: ("Forbidden", "Signed in, but the role may not do this"),
    404: ("NotFound", "No such resource"),
    409: ("Conflict", "The request conflicts with the current state"),
    413: ("ContentTooLarge", "Body larger than MAX_CONTENT_LENGTH"),
    415: ("UnsupportedMediaType", "Body is not Content-Type: application/json"),
    422: ("UnprocessableContent", "Invalid fields; `fields` names each one"),
    429: ("TooManyRequests", "Rate limit hit"),
    500: ("InternalError", "Unexpected server error (details are logged, not returned)"),
}
SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "session",
        "description": "Session cookie set by signing in on the web pages.",
    },
    "csrfToken": {
        "type": "apiKey",
        "in": "header",
        "name": "X-CSRFToken",
        "description": "CSRF token (meta tag csrf-token of any page); needed with the session "
        "cookie on POST, PUT, PATCH and DELETE.",
    },
    "deviceBearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "Device API token: `Authorization: Bearer <token>`.",
    },
    "deviceToken": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Device-Token",
        "description": "Device API token in its own header.",
    },
}


@dataclass(frozen=True)
class Operation:
    """One method of one /api/ rule, with whatever the view declared about itself."""

    rule: Rule
    method: str
    doc: ApiDoc
    roles: frozenset[str] | None
    summary: str


def api_operations(app: Flask) -> list[Operation]:
    """List every method of every rule under /api/, in path order."""
    operations = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda item: item.rule):
        if not rule.rule.startswith(API_PREFIX):
            continue
        view = app.view_functions[rule.endpoint]
        doc = doc_of(view)
        docstring = (inspect.getdoc(view) or "").strip().splitlines()
        summary = (doc and doc.summary) or (docstring[0] if docstring else rule.endpoint)
        for method in sorted((rule.methods or set()) - IGNORED_METHODS):
            operations.append(
                Operation(rule, method, doc or ApiDoc(), roles_of(view, doc), summary)
            )
    return operations


def openapi_path(rule: Rule) -> tuple[str, list[dict[str, Any]]]:
    """Turn `/x/<int:id>` into `/x/{id}` and its path parameters."""
    parameters = [
        {
            "name": match["name"],
            "in": "path",
            "required": True,
            "schema": CONVERTER_SCHEMAS.get(match["converter"] or "", {"type": "string"}),
        }
        for match in RULE_ARGUMENT.finditer(rule.rule)
    ]
    return RULE_ARGUMENT.sub(r"{\g<name>}", rule.rule), parameters


def _response_model(response: Any) -> tuple[type[BaseModel] | None, bool]:
    if get_origin(response) is list:
        (item,) = get_args(response)
        return item, True
    if isinstance(response, type) and issubclass(response, BaseModel):
        return response, False
    return None, False


def component_schemas(operations: list[Operation]) -> tuple[dict[Any, Any], dict[str, Any]]:
    """Make every declared model's JSON schema at once, with nested $defs as components."""
    wanted: list[tuple[type[BaseModel], Any]] = [(ErrorBody, "serialization")]
    for operation in operations:
        for model in (operation.doc.body, operation.doc.query):
            if model is not None:
                wanted.append((model, "validation"))
        model, _ = _response_model(operation.doc.response)
        if model is not None:
            wanted.append((model, "serialization"))
    refs, definitions = models_json_schema(
        list(dict.fromkeys(wanted)), ref_template=SCHEMAS + "{model}"
    )
    return refs, definitions.get("$defs", {})


def security(operation: Operation) -> list[dict[str, list[str]]]:
    """Say which credentials the operation accepts; an empty list means public."""
    options: list[dict[str, list[str]]] = []
    if "session" in operation.doc.auth:
        session = {"session": []}
        if operation.method in UNSAFE:
            session["csrfToken"] = []
        options.append(session)
    if "device" in operation.doc.auth:
        options += [{"deviceBearer": []}, {"deviceToken": []}]
    return options


def error_statuses(operation: Operation, has_path_parameters: bool) -> set[int]:
    """Return the error statuses this operation can answer with."""
    doc = operation.doc
    statuses = set(doc.errors)
    if doc.auth:
        statuses |= {401, 403}
    if operation.method in UNSAFE:
        statuses |= {400, 409}
    if doc.body is not None:
        statuses |= {400, 413, 415, 422}
    if doc.query is not None:
        statuses.add(422)
    if has_path_parameters:
        statuses.add(404)
    return statuses


def _success(doc: ApiDoc, refs: dict[Any, Any]) -> dict[str, Any]:
    model, many = _response_model(doc.response)
    answer: dict[str, Any] = {"description": "Success"}
    if doc.status == 204:
        return answer
    schema: dict[str, Any] = {}
    if model is not None:
        schema = refs[(model, "serialization")]
        schema = {"type": "array", "items": schema} if many else schema
    answer["content"] = {doc.media_type: {"schema": schema}}
    return answer


def query_parameters(
    model: type[BaseModel], refs: dict[Any, Any], defs: dict[str, Any]
) -> list[dict[str, Any]]:
    """Describe each field of a query model as a query parameter."""
    schema = defs[refs[(model, "validation")]["$ref"].removeprefix(SCHEMAS)]
    required = set(schema.get("required", []))
    return [
        {"name": name, "in": "query", "required": name in required, "schema": field}
        for name, field in schema.get("properties", {}).items()
    ]


def build_operation(
    operation: Operation, refs: dict[Any, Any], defs: dict[str, Any], operation_id: str
) -> dict[str, Any]:
    """Describe one operation: summary, parameters, body, responses, security and roles."""
    doc = operation.doc
    path, parameters = openapi_path(operation.rule)
    if doc.query is not None:
        parameters += query_parameters(doc.query, refs, defs)
    result: dict[str, Any] = {
        "operationId": operation_id,
        "summary": operation.summary,
        "tags": [tag_of(path)],
        "security": security(operation),
        "responses": {str(doc.status): _success(doc, refs)},
    }
    if doc.description:
        result["description"] = doc.description
    if operation.roles is not None:
        result["x-roles"] = sorted(operation.roles)
        roles = ", ".join(sorted(operation.roles))
        result["description"] = f"{doc.description or ''}\n\nRoles: {roles}.".strip()
    if parameters:
        result["parameters"] = parameters
    if doc.body is not None:
        result["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": refs[(doc.body, "validation")]}},
        }
    for status in sorted(error_statuses(operation, bool(operation.rule.arguments))):
        result["responses"][str(status)] = error_reference(status, refs)
    return result


def error_reference(status: int, refs: dict[Any, Any]) -> dict[str, Any]:
    """Point at the shared error response of a status, or describe a rarer one in place."""
    if status in ERRORS:
        return {"$ref": f"#/components/responses/{ERRORS[status][0]}"}
    schema = refs[(ErrorBody, "serialization")]
    return {
        "description": HTTPStatus(status).phrase,
        "content": {"application/json": {"schema": schema}},
    }


def tag_of(path: str) -> str:
    """Group `/api/v1/<module>/...` under the module's name, other paths under "api"."""
    parts = path.removeprefix(API_PREFIX).split("/")
    return parts[1] if len(parts) > 2 and parts[0].startswith("v") else "api"


def build_openapi(app: Flask) -> dict[str, Any]:
    """Return the OpenAPI document of every route under /api/ in this app."""
    operations = api_operations(app)
    refs, defs = component_schemas(operations)
    paths: dict[str, dict[str, Any]] = {}
    used_ids: set[str] = set()
    for operation in operations:
        path, _ = openapi_path(operation.rule)
        operation_id = f"{operation.method.lower()}_{operation.rule.endpoint}"
        while operation_id in used_ids:
            operation_id += "_"
        used_ids.add(operation_id)
        paths.setdefault(path, {})[operation.method.lower()] = build_operation(
            operation, refs, defs, operation_id
        )
    error_ref = refs[(ErrorBody, "serialization")]
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "ShopTwin API",
            "version": app.config.get("VERSION", "0"),
            "description": "JSON API of ShopTwin. Errors are always "
            '`{"error": message, "fields": {field: message}}`; a refusal a client handles by'
            ' kind adds `"code"`.',
        },
        "paths": paths,
        "components": {
            "schemas": defs,
            "responses": {
                name: {
                    "description": text,
                    "content": {"application/json": {"schema": error_ref}},
                }
                for name, text in ERRORS.values()
            },
            "securitySchemes": {
                **SECURITY_SCHEMES,
                "session": {
                    **SECURITY_SCHEMES["session"],
                    "name": app.config["SESSION_COOKIE_NAME"],
                },
            },
        },
    }
