"""What can be assembled: components with their LEDs, and versioned projects of steps."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.const import LABEL_MAX, NAME_MAX, SLUG_MAX
from core.db import UTCDateTime, utcnow
from core.extensions import db


class Component(db.Model):
    """One part of a battery stack (anode, cathode, …) with the LED that marks its bin."""

    __tablename__ = "assembly_components"

    id: Mapped[str] = mapped_column(String(SLUG_MAX), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    colour: Mapped[str] = mapped_column(String(7))
    gpio_pin: Mapped[int] = mapped_column(Integer, unique=True)
    image: Mapped[str | None] = mapped_column(String(80))
    target_seconds: Mapped[int | None] = mapped_column(Integer)
    critical: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<Component {self.id} pin {self.gpio_pin}>"


class ComponentImage(db.Model):
    """A component's checked picture, kept in the database so every Pi sharing it can show it.

    Its name is generated (never from user input) and a new upload gets a new name, so a name
    always means the same bytes and browsers may cache it.
    """

    __tablename__ = "assembly_component_images"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    mime: Mapped[str] = mapped_column(String(20))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<ComponentImage {self.name} {len(self.data)} bytes>"


class Project(db.Model):
    """A named assembly procedure; its steps live in numbered, immutable-once-used versions."""

    __tablename__ = "assembly_projects"

    id: Mapped[str] = mapped_column(String(SLUG_MAX), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    versions: Mapped[list[ProjectVersion]] = relationship(
        back_populates="project", order_by="ProjectVersion.number"
    )

    @property
    def latest(self) -> ProjectVersion | None:
        """Return the newest version, the one new jobs use."""
        return self.versions[-1] if self.versions else None

    def __repr__(self) -> str:
        return f"<Project {self.id}>"


class ProjectVersion(db.Model):
    """The exact ordered steps of a project at one point; sessions bind to one version."""

    __tablename__ = "assembly_project_versions"
    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("assembly_projects.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    change_note: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship(back_populates="versions")
    steps: Mapped[list[ProjectStep]] = relationship(
        back_populates="version", order_by="ProjectStep.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<ProjectVersion {self.project_id} v{self.number}>"


class ProjectStep(db.Model):
    """One step of a version: which component, with what label and note."""

    __tablename__ = "assembly_project_steps"
    __table_args__ = (UniqueConstraint("version_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("assembly_project_versions.id"))
    position: Mapped[int] = mapped_column(Integer)
    component_id: Mapped[str] = mapped_column(ForeignKey("assembly_components.id"), index=True)
    label: Mapped[str] = mapped_column(String(LABEL_MAX), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    version: Mapped[ProjectVersion] = relationship(back_populates="steps")
    component: Mapped[Component] = relationship()

    def __repr__(self) -> str:
        return f"<ProjectStep {self.position} {self.component_id}>"
