"""API conventions: JSON errors, request validation and the OpenAPI document."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import Flask, Response, jsonify, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import HTTPException

API_PREFIX = "/api/"
Model = TypeVar("Model", bound=BaseModel)


class ApiError(Exception):
    """An error answered as `{"error": message, "fields": {...}}` with its status."""

    def __init__(self, status: int, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields or {}


def error_response(status: int, message: str, fields: dict[str, str] | None = None) -> Response:
    """Build the JSON error body every API endpoint answers with."""
    response = jsonify({"error": message, "fields": fields or {}})
    response.status_code = status
    return response


def field_errors(error: ValidationError) -> dict[str, str]:
    """Turn pydantic's errors into {"dotted.field": "message"}."""
    fields: dict[str, str] = {}
    for item in error.errors():
        name = ".".join(str(part) for part in item["loc"]) or "body"
        fields.setdefault(name, item["msg"])
    return fields


def parse(model: type[Model], data: Any) -> Model:
    """Validate data against a pydantic model, raising a 422 ApiError naming each bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ApiError(422, "invalid request", field_errors(error)) from None


def parse_body(model: type[Model]) -> Model:
    """Validate the request's JSON body; a missing or malformed body is a 400."""
    data = request.get_json(silent=True)
    if data is None:
        raise ApiError(400, "request body must be JSON", {"body": "expected a JSON object"})
    return parse(model, data)


def parse_query(model: type[Model]) -> Model:
    """Validate the query string against a pydantic model."""
    return parse(model, request.args.to_dict())


def _is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def _handle_api_error(error: ApiError) -> Response:
    return error_response(error.status, error.message, error.fields)


def _handle_http_error(error: HTTPException) -> Response | HTTPException:
    if not _is_api_request():
        return error
    return error_response(error.code or 500, error.description or error.name)


def init_app(app: Flask) -> None:
    """Answer errors on /api/ paths as JSON."""
    app.register_error_handler(ApiError, _handle_api_error)
    app.register_error_handler(HTTPException, _handle_http_error)
