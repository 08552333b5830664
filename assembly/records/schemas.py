"""The session list's query string, shared by the page and the list exports."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from assembly.const import SLUG_MAX, RunStatus
from assembly.records.const import TEXT_FILTER_MAX
from assembly.records.queries import SessionFilters
from core.routing import MAX_DATABASE_ID

FILTER_KEYS = ("project", "operator", "station", "status", "date_from", "date_to", "q")


class ListQuery(BaseModel):
    """Filters of /assembly/sessions; a blank form field means no filter."""

    project: str | None = Field(default=None, max_length=SLUG_MAX)
    operator: int | None = Field(default=None, ge=1, le=MAX_DATABASE_ID)
    station: str | None = Field(default=None, max_length=SLUG_MAX)
    status: RunStatus | None = None
    date_from: date | None = Field(default=None, description="first UTC day, inclusive")
    date_to: date | None = Field(default=None, description="last UTC day, inclusive")
    q: str | None = Field(default=None, max_length=TEXT_FILTER_MAX)
    page: int = Field(default=1, ge=1, le=100_000)

    @field_validator(*FILTER_KEYS, mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("date_to")
    @classmethod
    def _not_before_from(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("date_from")
        if value is not None and start is not None and value < start:
            raise ValueError("the last day is before the first day")
        return value

    def filters(self) -> SessionFilters:
        """Return the filters for the query services."""
        return SessionFilters(
            project=self.project,
            operator=self.operator,
            station=self.station,
            status=self.status,
            date_from=self.date_from,
            date_to=self.date_to,
            text=self.q,
        )
