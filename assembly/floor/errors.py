"""The one error type of the shop-floor run: a refused request, with its HTTP status.

Each message is one sentence as a shop-floor user reads it (capital first letter, full stop,
steps counted from 1); the API answers it as is and the kiosk and pages show it as is.
"""

from __future__ import annotations

from core.api import ApiError


class FloorError(ApiError):
    """A refused queue or session change; nothing was changed (409 state, 404, 422 input).

    The API answers it as its JSON error; pages show its message.
    """


def plural(number: float, noun: str) -> str:
    """Write "1 serial", "2 serials" or "0.5 seconds"."""
    written = str(number) if isinstance(number, int) else f"{number:g}"
    return f"{written} {noun}" if number == 1 else f"{written} {noun}s"


def not_found(what: str, ident: object) -> FloorError:
    """Return the 404 for a missing job or session."""
    return FloorError(404, f"There is no {what} {ident}.")


def conflict(message: str, field: str | None = None) -> FloorError:
    """Return a 409: the request does not fit the current state."""
    return FloorError(409, message, {field: message} if field else None)


def invalid(field: str, message: str) -> FloorError:
    """Return a 422 naming the bad field."""
    return FloorError(422, message, {field: message})
