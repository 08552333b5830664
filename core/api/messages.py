"""Plain English for pydantic's validation errors, as shop-floor users read them next to a field.

Messages are chosen by the error's `type` and filled from its `ctx`, as pydantic's docs suggest
for custom messages (https://docs.pydantic.dev/latest/errors/errors/). A type not listed here,
or a `ctx` without what its message needs, keeps pydantic's own `msg`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic_core import ErrorDetails

Context = Mapping[str, Any]

NOT_VALID = "This value is not valid."
DATE = "Must be a date (YYYY-MM-DD)."
DATETIME = "Must be a date and time (ISO 8601)."
WHOLE_NUMBER = "Must be a whole number."
NUMBER = "Must be a number."

FIXED: dict[str, str] = {
    "missing": "This field is required.",
    "extra_forbidden": "Not a known field.",
    "int_type": WHOLE_NUMBER,
    "int_parsing": WHOLE_NUMBER,
    "int_from_float": WHOLE_NUMBER,
    "float_type": NUMBER,
    "float_parsing": NUMBER,
    "finite_number": "Must be a finite number.",
    "decimal_type": NUMBER,
    "decimal_parsing": NUMBER,
    "bool_type": "Must be true or false.",
    "bool_parsing": "Must be true or false.",
    "string_type": "Must be text.",
    "string_unicode": "Must be text.",
    "string_pattern_mismatch": "Is not in the expected format.",
    "list_type": "Must be a list.",
    "tuple_type": "Must be a list.",
    "set_type": "Must be a list.",
    "iterable_type": "Must be a list.",
    "dict_type": "Must be a JSON object.",
    "model_type": "Must be a JSON object.",
    "model_attributes_type": "Must be a JSON object.",
    "date_type": DATE,
    "date_parsing": DATE,
    "date_from_datetime_parsing": DATE,
    "date_from_datetime_inexact": DATE,
    "datetime_type": DATETIME,
    "datetime_parsing": DATETIME,
    "datetime_from_date_parsing": DATETIME,
    "datetime_object_invalid": DATETIME,
    "time_type": "Must be a time (HH:MM).",
    "time_parsing": "Must be a time (HH:MM).",
    "uuid_type": "Must be a UUID.",
    "uuid_parsing": "Must be a UUID.",
}


def _number(value: Any) -> str:
    """Write a bound as people do: 0 rather than 0.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _count(number: int, noun: str) -> str:
    """Write "1 item" or "3 items"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _sentence(text: str) -> str:
    """Capitalise the first letter and end with a full stop, leaving the rest as written."""
    text = text.strip()
    if not text:
        return NOT_VALID
    if text[-1] not in ".!?":
        text += "."
    return text[0].upper() + text[1:]


def _choices(ctx: Context) -> str:
    """List the allowed values pydantic quotes as "'a', 'b' or 'c'"."""
    head, _, last = str(ctx["expected"]).replace("'", "").rpartition(" or ")
    return f"Must be one of: {head}, {last}." if head else f"Must be one of: {last}."


def _own(ctx: Context) -> str:
    """Say what our own validator raised, without pydantic's "Value error, " in front."""
    return _sentence(str(ctx["error"]))


def _text_at_least(ctx: Context) -> str:
    """Ask for text that is not empty, or for its fewest characters."""
    if ctx["min_length"] == 1:
        return "Must not be empty."
    return f"Must have at least {_count(ctx['min_length'], 'character')}."


BUILT: dict[str, Callable[[Context], str]] = {
    "string_too_short": _text_at_least,
    "string_too_long": lambda ctx: f"Must have at most {_count(ctx['max_length'], 'character')}.",
    "too_short": lambda ctx: f"Must have at least {_count(ctx['min_length'], 'item')}.",
    "too_long": lambda ctx: f"Must have at most {_count(ctx['max_length'], 'item')}.",
    "greater_than_equal": lambda ctx: f"Must be at least {_number(ctx['ge'])}.",
    "less_than_equal": lambda ctx: f"Must be at most {_number(ctx['le'])}.",
    "greater_than": lambda ctx: f"Must be more than {_number(ctx['gt'])}.",
    "less_than": lambda ctx: f"Must be less than {_number(ctx['lt'])}.",
    "multiple_of": lambda ctx: f"Must be a multiple of {_number(ctx['multiple_of'])}.",
    "literal_error": _choices,
    "enum": _choices,
    "value_error": _own,
    "assertion_error": _own,
}


def plain_message(error: ErrorDetails) -> str:
    """Say in one short sentence what is wrong with a field, else in pydantic's own words."""
    kind = error["type"]
    if kind in FIXED:
        return FIXED[kind]
    build = BUILT.get(kind)
    try:
        text = build(error.get("ctx", {})) if build else ""
    except (KeyError, TypeError, ValueError):
        text = ""
    return text or error.get("msg") or NOT_VALID
