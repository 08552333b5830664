"""Pydantic models of the catalogue API: request bodies and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from assembly.catalogue.services.components import TARGET_MAX_S
from assembly.catalogue.services.projects import DESCRIPTION_MAX, MAX_STEPS, NOTE_MAX
from assembly.const import COLOUR_PATTERN, LABEL_MAX, NAME_MAX, SLUG_MAX

Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX)]
Colour = Annotated[str, Field(pattern=COLOUR_PATTERN)]
Pin = StrictInt
Target = Annotated[StrictInt, Field(ge=1, le=TARGET_MAX_S)]
Notes = Annotated[str, Field(max_length=NOTE_MAX)]
Description = Annotated[str, Field(max_length=DESCRIPTION_MAX)]
NOT_NULL = "May not be null."
NULL = {"type": "null"}


class Body(BaseModel):
    """A request body: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


def _document_not_null(schema: dict[str, Any], model: type[Patch]) -> None:
    """Drop null from the documented type of each field that refuses it (None means not sent)."""
    for name, field in schema.get("properties", {}).items():
        options = [option for option in field.get("anyOf", []) if option != NULL]
        if name in model.nullable or len(options) != 1:
            continue
        del field["anyOf"]
        field.update(options[0])
        if field.get("default", ...) is None:
            del field["default"]


class Patch(Body):
    """Changes: send only the fields to change; null clears only the fields in `nullable`.

    A field left out stays None here, so every other field refuses an explicit null rather
    than reading it as "unchanged"; the OpenAPI schema says so too.
    """

    nullable: ClassVar[frozenset[str]] = frozenset()
    model_config = ConfigDict(json_schema_extra=_document_not_null)

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.nullable:
            raise PydanticCustomError("not_null", NOT_NULL)
        return value


class ComponentCreate(Body):
    """A new component."""

    name: Name
    colour: Colour
    gpio_pin: Pin
    target_seconds: Target | None = None
    critical: StrictBool = False
    notes: Notes = ""


class ComponentPatch(Patch):
    """Changes to a component; send only the fields to change (target_seconds null clears it)."""

    nullable = frozenset({"target_seconds"})

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


class ProjectPatch(Patch):
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


class VersionHead(BaseModel):
    """What every view of a project version shows."""

    id: int = Field(
        description="The version's own id: POST /api/v1/assembly/jobs takes it as version_id."
    )
    number: int
    created_at: datetime
    created_by_id: int | None
    change_note: str


class VersionOut(VersionHead):
    """A project version with its steps."""

    in_use: bool
    steps: list[StepOut]


class VersionSummary(VersionHead):
    """A project version without its steps."""

    step_count: int


class ProjectOut(BaseModel):
    """A project with its latest version."""

    id: str
    name: str
    description: str
    archived: bool
    latest: VersionOut | None
