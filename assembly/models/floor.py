"""Where work happens: stations (one per Pi) and the queue of jobs for them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.const import NAME_MAX, SERIAL_MAX, SLUG_MAX, JobState
from assembly.models.catalogue import ProjectVersion
from core.db import UTCDateTime, utcnow
from core.extensions import db


class Station(db.Model):
    """A glove-box workstation; its id is the DEVICE_ID of the Pi that drives its LEDs."""

    __tablename__ = "assembly_stations"

    id: Mapped[str] = mapped_column(String(SLUG_MAX), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<Station {self.id}>"


class Job(db.Model):
    """A queue entry: build `quantity` units of one project version at one station."""

    __tablename__ = "assembly_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_version_id: Mapped[int] = mapped_column(ForeignKey("assembly_project_versions.id"))
    station_id: Mapped[str] = mapped_column(ForeignKey("assembly_stations.id"), index=True)
    stack_id: Mapped[str] = mapped_column(String(SERIAL_MAX))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    serials: Mapped[list[str] | None] = mapped_column(JSON)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(16), default=JobState.PENDING, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    project_version: Mapped[ProjectVersion] = relationship()
    station: Mapped[Station] = relationship()

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.stack_id} {self.state}>"
