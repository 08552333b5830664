"""JSON errors on /api/ paths: `{"error": message, "fields": {name: message}}`.

A refusal a client acts on by kind (not by its words) adds `"code"`, e.g. "too_soon".
"""

from __future__ import annotations

from flask import Response, jsonify, request
from pydantic import BaseModel
from werkzeug.exceptions import HTTPException, InternalServerError, TooManyRequests

API_PREFIX = "/api/"
INTERNAL_ERROR = "internal error"


class ErrorBody(BaseModel):
    """The body of every API error response."""

    error: str
    fields: dict[str, str] = {}
    code: str | None = None


class ApiError(Exception):
    """An error answered as `{"error": message, "fields": {...}}` with its status."""

    def __init__(
        self,
        status: int,
        message: str,
        fields: dict[str, str] | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields or {}
        self.code = code


def error_response(
    status: int, message: str, fields: dict[str, str] | None = None, code: str | None = None
) -> Response:
    """Build the JSON error body every API endpoint answers with."""
    body = {"error": message, "fields": fields or {}}
    if code is not None:
        body["code"] = code
    response = jsonify(body)
    response.status_code = status
    return response


def is_api_request() -> bool:
    """Tell whether the current request is for a JSON path under /api/."""
    return request.path.startswith(API_PREFIX)


def http_error_message(error: HTTPException) -> str:
    """Say what went wrong in a few words, never leaking an internal error's details."""
    if isinstance(error, InternalServerError) or (error.code or 500) >= 500:
        return INTERNAL_ERROR
    name = error.name.lower()
    if error.description == type(error).description or not error.description:
        return name
    if isinstance(error, TooManyRequests):
        return f"{name}: {error.description}"
    return error.description


def http_error_response(error: HTTPException) -> Response:
    """Answer an HTTP error as JSON, keeping headers such as Allow and Retry-After."""
    response = error_response(error.code or 500, http_error_message(error))
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def handle_api_error(error: ApiError) -> Response:
    """Answer an ApiError raised by a view or a parser."""
    return error_response(error.status, error.message, error.fields, error.code)


def handle_http_error(error: HTTPException) -> Response | HTTPException:
    """Answer HTTP errors on /api/ paths as JSON and leave page paths to their HTML pages."""
    if not is_api_request():
        return error
    return http_error_response(error)
