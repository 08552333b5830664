"""Request validation with pydantic: bodies, query strings, and the 400/415/422 they raise."""

from __future__ import annotations

import types
from typing import Any, TypeVar, Union, get_args, get_origin

from flask import request
from pydantic import BaseModel, ValidationError

from core.api.errors import ApiError
from core.api.messages import plain_message

Model = TypeVar("Model", bound=BaseModel)
SEQUENCES = (list, tuple, set, frozenset)


def field_errors(error: ValidationError) -> dict[str, str]:
    """Turn pydantic's errors into {"dotted.field": "plain message"}, the first per field."""
    fields: dict[str, str] = {}
    for item in error.errors(include_url=False):
        name = ".".join(str(part) for part in item["loc"]) or "body"
        fields.setdefault(name, plain_message(item))
    return fields


def parse(model: type[Model], data: Any) -> Model:
    """Validate data against a pydantic model, raising a 422 ApiError naming each bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ApiError(422, "invalid request", field_errors(error)) from None


def parse_body(model: type[Model]) -> Model:
    """Validate the request's JSON body: 415 unless it is JSON, 400 if malformed, 422 if invalid."""
    if not request.is_json:
        raise ApiError(
            415,
            "request body must be JSON",
            {"body": "send Content-Type: application/json"},
        )
    data = request.get_json(silent=True)
    if data is None:
        raise ApiError(400, "request body must be JSON", {"body": "expected a JSON value"})
    return parse(model, data)


def _is_sequence(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin in SEQUENCES:
        return True
    if origin in (Union, types.UnionType):
        return any(_is_sequence(arg) for arg in get_args(annotation))
    return False


def query_data(model: type[BaseModel]) -> dict[str, Any]:
    """Read the query string, as lists for the model's list fields and strings otherwise."""
    many = {
        field.alias or name
        for name, field in model.model_fields.items()
        if _is_sequence(field.annotation)
    }
    return {key: values if key in many else values[-1] for key, values in request.args.lists()}


def parse_query(model: type[Model]) -> Model:
    """Validate the query string against a pydantic model (422 naming each bad parameter)."""
    return parse(model, query_data(model))
