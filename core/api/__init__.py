"""API conventions: JSON errors, request validation and the OpenAPI document.

JSON lives under /api/v1/<module>/. Views validate with `parse_body(Model)` and
`parse_query(Model)`, raise `ApiError(status, message, fields)` for refusals, and declare
themselves with `@api_doc(...)` so /api/openapi.json and /api/docs describe them.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.exceptions import HTTPException

from core.api.errors import (
    API_PREFIX,
    ApiError,
    ErrorBody,
    error_response,
    handle_api_error,
    handle_http_error,
    http_error_response,
    is_api_request,
)
from core.api.openapi import build_openapi
from core.api.routes import blueprint
from core.api.spec import ApiDoc, api_doc
from core.api.validation import Model, field_errors, parse, parse_body, parse_query

__all__ = [
    "API_PREFIX",
    "ApiDoc",
    "ApiError",
    "ErrorBody",
    "Model",
    "api_doc",
    "build_openapi",
    "error_response",
    "field_errors",
    "http_error_response",
    "init_app",
    "is_api_request",
    "parse",
    "parse_body",
    "parse_query",
]


def init_app(app: Flask) -> None:
    """Answer errors on /api/ paths as JSON and serve the OpenAPI document and docs page."""
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_blueprint(blueprint)
