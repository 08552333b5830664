"""Validation messages: plain English by pydantic error type, with the field named as before."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import Any, Literal, cast
from uuid import UUID

import pytest
from flask.testing import FlaskClient
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, field_validator
from pydantic_core import ErrorDetails, PydanticCustomError

from core.api import field_errors
from core.api.messages import NOT_VALID, plain_message
from tests.fixtures.auth import csrf_token


class Reason(StrEnum):
    """How an abort was made."""

    BUTTON = "button"
    HOLD = "hold"


class Part(BaseModel):
    """A nested model, so errors have dotted names."""

    width_mm: float = Field(gt=0)


class Sample(BaseModel):
    """One field per kind of error a form can show."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    serial: str
    name: str = Field("cell", min_length=1, max_length=5)
    code: str = Field("ab", min_length=2, pattern=r"^[a-z]+$")
    count: int = Field(1, ge=1, le=9)
    ratio: float = Field(0.5, gt=0, lt=1)
    step: int = Field(0, multiple_of=5)
    flag: bool = False
    tags: list[str] = Field(["a"], min_length=1, max_length=2)
    action: Literal["next", "review", "finish", "abort"] = "next"
    reason: Reason = Reason.BUTTON
    day: date = date(2026, 1, 1)
    at: datetime = datetime(2026, 1, 1, 8)
    shift_start: time = time(8)
    token: UUID | None = None
    link: HttpUrl | None = None
    part: Part | None = None
    stack: str = "S-1"

    @field_validator("stack")
    @classmethod
    def _free(cls, value: str) -> str:
        if value == "taken":
            raise ValueError("the stack is already queued")
        if value == "done":
            raise ValueError("That stack is finished.")
        if value == "blank":
            raise ValueError("")
        if value == "custom":
            raise PydanticCustomError("stack_custom", "Scan the stack again")
        if value == "zero":
            raise AssertionError("stack 0 is reserved")
        return value


def errors_of(data: Any) -> dict[str, str]:
    """Validate data as a Sample and return the field errors it raises."""
    with pytest.raises(ValidationError) as raised:
        Sample.model_validate(data)
    return field_errors(raised.value)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"serial": None}, "serial", "Must be text."),
        ({"name": ""}, "name", "Must not be empty."),
        ({"code": "a"}, "code", "Must have at least 2 characters."),
        ({"name": "battery"}, "name", "Must have at most 5 characters."),
        ({"code": "AB"}, "code", "Is not in the expected format."),
        ({"count": 0}, "count", "Must be at least 1."),
        ({"count": 10}, "count", "Must be at most 9."),
        ({"ratio": 0}, "ratio", "Must be more than 0."),
        ({"ratio": 1.5}, "ratio", "Must be less than 1."),
        ({"step": 3}, "step", "Must be a multiple of 5."),
        ({"count": "three"}, "count", "Must be a whole number."),
        ({"count": 1.5}, "count", "Must be a whole number."),
        ({"count": []}, "count", "Must be a whole number."),
        ({"ratio": "half"}, "ratio", "Must be a number."),
        ({"ratio": []}, "ratio", "Must be a number."),
        ({"ratio": float("inf")}, "ratio", "Must be a finite number."),
        ({"flag": "maybe"}, "flag", "Must be true or false."),
        ({"flag": []}, "flag", "Must be true or false."),
        ({"tags": "a"}, "tags", "Must be a list."),
        ({"tags": []}, "tags", "Must have at least 1 item."),
        ({"tags": ["a", "b", "c"]}, "tags", "Must have at most 2 items."),
        ({"tags": ["a", 5]}, "tags.1", "Must be text."),
        ({"action": "skip"}, "action", "Must be one of: next, review, finish, abort."),
        ({"reason": "tired"}, "reason", "Must be one of: button, hold."),
        ({"day": "21/11/2026"}, "day", "Must be a date (YYYY-MM-DD)."),
        ({"day": "2026-11-21T08:30"}, "day", "Must be a date (YYYY-MM-DD)."),
        ({"day": []}, "day", "Must be a date (YYYY-MM-DD)."),
        ({"at": "tomorrow"}, "at", "Must be a date and time (ISO 8601)."),
        ({"at": []}, "at", "Must be a date and time (ISO 8601)."),
        ({"shift_start": "soon"}, "shift_start", "Must be a time (HH:MM)."),
        ({"token": "not-a-uuid"}, "token", "Must be a UUID."),
        ({"part": "wide"}, "part", "Must be a JSON object."),
        ({"part": {"width_mm": 0}}, "part.width_mm", "Must be more than 0."),
        ({"part": {}}, "part.width_mm", "This field is required."),
        ({"colour": "red"}, "colour", "Not a known field."),
        ({"stack": "taken"}, "stack", "The stack is already queued."),
        ({"stack": "done"}, "stack", "That stack is finished."),
        ({"stack": "zero"}, "stack", "Stack 0 is reserved."),
        ({"stack": "blank"}, "stack", NOT_VALID),
        ({"stack": "custom"}, "stack", "Scan the stack again"),
        ({"link": "nowhere"}, "link", "Input should be a valid URL, relative URL without a base"),
    ],
)
def test_each_error_type_has_its_plain_message(
    change: dict[str, Any], field: str, message: str
) -> None:
    assert errors_of({"serial": "S-1", **change}) == {field: message}


def test_a_missing_field_is_required() -> None:
    assert errors_of({}) == {"serial": "This field is required."}


def test_a_body_that_is_not_an_object_is_named_body() -> None:
    assert errors_of([]) == {"body": "Must be a JSON object."}


def test_every_bad_field_is_named_once_with_its_first_message() -> None:
    error = ValidationError.from_exception_data(
        "Sample",
        [
            {"type": "missing", "loc": ("name",), "input": {}},
            {"type": "string_type", "loc": ("name",), "input": 5},
            {"type": "greater_than_equal", "loc": ("count",), "input": 0, "ctx": {"ge": 1}},
        ],
    )

    assert field_errors(error) == {
        "name": "This field is required.",
        "count": "Must be at least 1.",
    }


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (
            {"type": "greater_than", "msg": "Input should be greater than 0"},
            "Input should be greater than 0",
        ),
        ({"type": "literal_error", "ctx": {}, "msg": "Input should be 'a'"}, "Input should be 'a'"),
        ({"type": "literal_error", "ctx": {"expected": "'a'"}, "msg": ""}, "Must be one of: a."),
        (
            {"type": "value_error", "ctx": {"error": "no reason given"}, "msg": ""},
            "No reason given.",
        ),
        ({"type": "never_heard_of", "msg": "Something odd"}, "Something odd"),
        ({"type": "never_heard_of", "msg": ""}, NOT_VALID),
    ],
)
def test_an_error_short_of_context_or_text_still_gets_a_message(
    error: dict[str, Any], message: str
) -> None:
    details = cast("ErrorDetails", {"loc": ("field",), "input": None, **error})

    assert plain_message(details) == message


def test_a_real_route_answers_422_with_plain_messages(client: FlaskClient, login) -> None:
    login("admin")

    response = client.post(
        "/api/v1/auth/tokens",
        json={"name": " ", "device_id": "x" * 121, "scope": "all"},
        headers={"X-CSRFToken": csrf_token(client)},
    )

    assert response.status_code == 422
    assert response.get_json() == {
        "error": "invalid request",
        "fields": {
            "name": "Must not be empty.",
            "device_id": "Must have at most 120 characters.",
            "scope": "Not a known field.",
        },
    }
