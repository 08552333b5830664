"""Kiosk sessions (one operator running one unit of a job), the steps they ran, their events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.const import LABEL_MAX, NAME_MAX, SERIAL_MAX, SLUG_MAX, RunStatus
from assembly.models.catalogue import ProjectStep, ProjectVersion
from assembly.models.floor import Job, Station
from core.db import UTCDateTime, utcnow
from core.extensions import db


class AssemblySession(db.Model):
    """The run of one unit of a job by one operator, bound to the exact project version."""

    __tablename__ = "assembly_sessions"
    __table_args__ = (Index("ix_assembly_sessions_station_status", "station_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("assembly_jobs.id"), index=True)
    project_version_id: Mapped[int] = mapped_column(ForeignKey("assembly_project_versions.id"))
    station_id: Mapped[str] = mapped_column(ForeignKey("assembly_stations.id"))
    operator_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    unit_serial: Mapped[str | None] = mapped_column(String(SERIAL_MAX))
    # The project's name when the session started: a later rename leaves the record alone.
    project_name: Mapped[str] = mapped_column(String(NAME_MAX))
    status: Mapped[str] = mapped_column(String(16), default=RunStatus.RUNNING)
    current_step: Mapped[int] = mapped_column(Integer, default=0)
    step_started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirm_pending_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    abort_step: Mapped[int | None] = mapped_column(Integer)
    abort_reason: Mapped[str | None] = mapped_column(Text)
    abort_code: Mapped[str | None] = mapped_column(String(SLUG_MAX))
    abort_note: Mapped[str | None] = mapped_column(Text)
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    job: Mapped[Job] = relationship()
    project_version: Mapped[ProjectVersion] = relationship()
    station: Mapped[Station] = relationship()
    steps: Mapped[list[SessionStep]] = relationship(
        back_populates="session", order_by="SessionStep.position"
    )
    events: Mapped[list[StepEvent]] = relationship(
        back_populates="session", order_by="StepEvent.id"
    )

    def record_version(self, version: ProjectVersion) -> None:
        """Copy the project's name and the version's steps, with their components as they are."""
        self.project_name = version.project.name
        self.steps = [SessionStep.copy_of(step) for step in version.steps]

    def __repr__(self) -> str:
        return f"<AssemblySession {self.id} step {self.current_step} {self.status}>"


class SessionStep(db.Model):
    """One step as its session ran it: the component's values and the step's text at the start.

    Editing a component or a project later changes the catalogue, never what a session ran;
    the component id stays live only to find its LED pin and its picture.
    """

    __tablename__ = "assembly_session_steps"
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("assembly_sessions.id"))
    position: Mapped[int] = mapped_column(Integer)
    component_id: Mapped[str] = mapped_column(ForeignKey("assembly_components.id"))
    component_name: Mapped[str] = mapped_column(String(NAME_MAX))
    colour: Mapped[str] = mapped_column(String(7))
    target_seconds: Mapped[int | None] = mapped_column(Integer)
    critical: Mapped[bool] = mapped_column(Boolean)
    label: Mapped[str] = mapped_column(String(LABEL_MAX))
    note: Mapped[str] = mapped_column(Text)

    session: Mapped[AssemblySession] = relationship(back_populates="steps")

    @classmethod
    def copy_of(cls, step: ProjectStep) -> SessionStep:
        """Return a copy of a version's step and of its component's values as they are now."""
        component = step.component
        return cls(
            position=step.position,
            component_id=component.id,
            component_name=component.name,
            colour=component.colour,
            target_seconds=component.target_seconds,
            critical=component.critical,
            label=step.label,
            note=step.note,
        )

    def __repr__(self) -> str:
        return f"<SessionStep {self.session_id}#{self.position} {self.component_id}>"


class StepEvent(db.Model):
    """Something that happened at one step, to the millisecond; the database refuses edits."""

    __tablename__ = "assembly_step_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("assembly_sessions.id"), index=True)
    step_index: Mapped[int] = mapped_column(Integer)
    component_id: Mapped[str | None] = mapped_column(String(SLUG_MAX))
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    device: Mapped[str] = mapped_column(String(SLUG_MAX))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    session: Mapped[AssemblySession] = relationship(back_populates="events")

    def __repr__(self) -> str:
        return f"<StepEvent {self.session_id}#{self.step_index} {self.kind}>"
