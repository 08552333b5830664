"""Pydantic models of the alert filters, request bodies and API answers."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.alerts.const import MAX_COMMENT_LENGTH, Severity
from core.routing import MAX_DATABASE_ID

StateFilter = Literal["open", "ACTIVE_UNACK", "ACTIVE_ACK", "CLEARED"]
PAGE_SIZE = 50


class AlertFilters(BaseModel):
    """Filters shared by the page and the API; a blank form field means no filter."""

    module: str | None = Field(default=None, max_length=32, description="source module")
    severity: Severity | None = None
    state: StateFilter | None = Field(default=None, description='a state, or "open"')
    q: str | None = Field(default=None, max_length=200, description="text in title, message, …")

    @field_validator("module", "severity", "state", "q", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value


class PageQuery(AlertFilters):
    """Query string of the /alerts page."""

    page: int = Field(default=1, ge=1, le=100_000)


class ApiQuery(AlertFilters):
    """Query string of GET /api/v1/alerts/."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=PAGE_SIZE, ge=1, le=500)
    offset: int = Field(default=0, ge=0, le=MAX_DATABASE_ID)


class CommentBody(BaseModel):
    """Body of POST /api/v1/alerts/<id>/comments."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    body: str = Field(min_length=1, max_length=MAX_COMMENT_LENGTH)


class CommentOut(BaseModel):
    """A comment as the API answers it."""

    id: int
    author: str
    body: str
    at: str


class AlertOut(BaseModel):
    """An alert as the API answers it (and as the "alert" push sends it)."""

    id: int
    source: str
    subject: str
    rule: str
    severity: Severity
    title: str
    message: str
    state: str
    open: bool
    raised_at: str
    last_raised_at: str
    raise_count: int
    value: float | None
    acked_at: str | None
    acked_by: str | None
    cleared_at: str | None
    cleared_by: str | None
    details: dict[str, Any] | None
    comments: list[CommentOut] | None = None


class AlertList(BaseModel):
    """One page of alerts and how many match the filters."""

    items: list[AlertOut]
    total: int
    limit: int
    offset: int
