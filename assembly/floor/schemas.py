"""Request bodies and query strings of the shop-floor API."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict

from assembly.const import SERIAL_MAX, SLUG_MAX, PressAbort
from assembly.floor.jobs import PRIORITY_RANGE, QUANTITY_MAX
from assembly.floor.sessions import REASON_MAX


class Query(BaseModel):
    """A query string that names every unknown field as an error (values arrive as text)."""

    model_config = ConfigDict(extra="forbid")


class Body(BaseModel):
    """A JSON body: unknown fields and wrong types ("1" for 1, true for 0) are errors."""

    model_config = ConfigDict(extra="forbid", strict=True)


class JobQuery(Query):
    """Filter the queue by station."""

    station: str | None = Field(None, max_length=SLUG_MAX)


class JobIn(Body):
    """A new queue entry: a project version, a stack id, and a quantity or unit serials."""

    version_id: int = Field(ge=1, le=2**31 - 1)
    station_id: str | None = Field(None, min_length=1, max_length=SLUG_MAX)
    stack_id: str = Field(min_length=1, max_length=SERIAL_MAX)
    quantity: int | None = Field(None, ge=1, le=QUANTITY_MAX)
    serials: list[str] | None = Field(None, min_length=1, max_length=QUANTITY_MAX)
    priority: int = Field(0, ge=PRIORITY_RANGE[0], le=PRIORITY_RANGE[1])


class ReorderIn(Body):
    """The new order of a station's pending jobs (every one of them, once)."""

    station_id: str | None = Field(None, min_length=1, max_length=SLUG_MAX)
    ids: list[int] = Field(max_length=QUANTITY_MAX)


class StartIn(Body):
    """Which pending job the kiosk takes."""

    job_id: int = Field(ge=1, le=2**31 - 1)


class ProgressIn(Body):
    """One press: what it does and the step the kiosk showed when it was made."""

    action: Literal["next", "review", "finish", "abort"]
    step: int = Field(ge=0, le=10_000)
    # Text to enum: a JSON body carries the reason as a string.
    reason: Annotated[PressAbort, Strict(False)] | None = Field(
        None, description="How an abort was made (abort only; default api)"
    )


class AbortIn(Body):
    """A supervisor's reason for force-aborting a session."""

    reason: str = Field(min_length=1, max_length=REASON_MAX)
