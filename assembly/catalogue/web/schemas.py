"""Pydantic models of the catalogue API: request bodies and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from assembly.catalogue.services.components import TARGET_MAX_S
from assembly.catalogue.services.projects import DESCRIPTION_MAX, MAX_STEPS, NOTE_MAX
from assembly.const import COLOUR_PATTERN, LABEL_MAX, NAME_MAX, SLUG_MAX

Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX)]
Colour = Annotated[str, Field(pattern=COLOUR_PATTERN)]
Pin = StrictInt
Target = Annotated[StrictInt, Field(ge=1, le=TARGET_MAX_S)]
Notes = Annotated[str, Field(max_length=NOTE_MAX)]
Description = Annotated[str, Field(max_length=DESCRIPTION_MAX)]


class Body(BaseModel):
    """A request body: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


class ComponentCreate(Body):
    """A new component."""

    name: Name
    colour: Colour
    gpio_pin: Pin
    target_seconds: Target | None = None
    critical: StrictBool = False
    notes: Notes = ""


class ComponentPatch(Body):
    """Changes to a component; send only the fields to change (target_seconds may be null)."""

    name: Name | None = None
    colour: Colour | None = None
    gpio_pin: Pin | None = None
    target_seconds: Target | None = None
    critical: StrictBool | None = None
    notes: Notes | None = None


class ComponentOut(BaseModel):
    """A component as the API shows it."""

    id: str
    name: str
    colour: str
    gpio_pin: int
    target_seconds: int | None
    critical: bool
    notes: str
    image_url: str | None


class StepIn(Body):
    """One step of a project."""

    component_id: Annotated[str, Field(min_length=1, max_length=SLUG_MAX)]
    label: Annotated[str, Field(max_length=LABEL_MAX)] = ""
    note: Notes = ""


class StepsPut(Body):
    """The full ordered list of a project's steps."""

    steps: Annotated[list[StepIn], Field(min_length=1, max_length=MAX_STEPS)]
    change_note: Notes = ""


class ProjectCreate(Body):
    """A new project, optionally with its first steps."""

    name: Name
    description: Description = ""
    steps: Annotated[list[StepIn], Field(max_length=MAX_STEPS)] = []


class ProjectPatch(Body):
    """Changes to a project's name, description or archived flag."""

    name: Name | None = None
    description: Description | None = None
    archived: StrictBool | None = None


class DuplicateBody(Body):
    """Name of the copy (default: "<name> (copy)")."""

    name: Name | None = None


class StepOut(BaseModel):
    """One step of a version."""

    position: int
    component_id: str
    label: str
    note: str


class VersionOut(BaseModel):
    """A project version with its steps."""

    number: int
    created_at: datetime
    created_by_id: int | None
    change_note: str
    in_use: bool
    steps: list[StepOut]


class VersionSummary(BaseModel):
    """A project version without its steps."""

    number: int
    created_at: datetime
    created_by_id: int | None
    change_note: str
    step_count: int


class ProjectOut(BaseModel):
    """A project with its latest version."""

    id: str
    name: str
    description: str
    archived: bool
    latest: VersionOut | None
