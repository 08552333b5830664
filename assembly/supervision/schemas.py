"""Query strings of the supervision pages and API."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from sqlalchemy.orm import Session

from assembly.const import SLUG_MAX
from assembly.models import Project
from assembly.records.queries import SessionFilters
from core.api import ApiError

DEFAULT_DAYS = 30
MAX_DAYS = 366


class AnalyticsQuery(BaseModel):
    """Analytics filters: a project and a UTC date range (blank: the last 30 days)."""

    model_config = ConfigDict(extra="forbid")

    project: str | None = Field(default=None, max_length=SLUG_MAX)
    date_from: date | None = Field(default=None, description="first UTC day, inclusive")
    date_to: date | None = Field(default=None, description="last UTC day, inclusive")

    @field_validator("project", "date_from", "date_to", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("date_to")
    @classmethod
    def _within_range(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("date_from")
        if value is not None and start is not None:
            if value < start:
                raise ValueError("the last day is before the first day")
            if (value - start).days >= MAX_DAYS:
                raise ValueError(f"choose at most {MAX_DAYS} days")
        return value

    def check(self, session: Session, today: date) -> AnalyticsQuery:
        """Refuse (422) a project that does not exist or a range too long; return the query.

        With no last day the range runs to `today` (UTC), so a first day long ago is refused
        as an explicit range of that length is, instead of silently ending before today.
        """
        if self.project is not None and session.get(Project, self.project) is None:
            raise ApiError(422, "invalid request", {"project": f"No project {self.project}."})
        if self.date_to is None and self.date_from and (today - self.date_from).days >= MAX_DAYS:
            message = (
                "With no last day the range runs to today: choose a first day at most"
                f" {MAX_DAYS - 1} days ago, or a last day."
            )
            raise ApiError(422, "invalid request", {"date_from": message})
        return self

    def filters(self, today: date) -> SessionFilters:
        """Return the session filters, filling a blank range around `today` (UTC)."""
        last = self.date_to or max(today, self.date_from or today)
        first = self.date_from or last - timedelta(days=DEFAULT_DAYS - 1)
        return SessionFilters(project=self.project, date_from=first, date_to=last)
