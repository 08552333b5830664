"""Create, change and delete components; each change is audited and committed here."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assembly.catalogue.services import images
from assembly.catalogue.services.common import (
    CatalogueError,
    NotFoundError,
    audit,
    notify_components_changed,
    unique_slug,
)
from assembly.const import COLOUR_PATTERN, NAME_MAX
from assembly.models import Component, Project, ProjectStep, ProjectVersion
from hardware.pins import validate_led_pin

TARGET_MAX_S = 86_400


@dataclass(frozen=True)
class ComponentValues:
    """Everything a supervisor sets on a component (the image is uploaded on its own)."""

    name: str
    colour: str
    gpio_pin: int
    target_seconds: int | None = None
    critical: bool = False
    notes: str = ""


def list_components(session: Session) -> list[Component]:
    """Return every component by name."""
    return list(session.scalars(select(Component).order_by(Component.name, Component.id)))


def get_component(session: Session, component_id: str) -> Component:
    """Return a component or raise NotFoundError."""
    component = session.get(Component, component_id)
    if component is None:
        raise NotFoundError("component", component_id)
    return component


def _check(
    session: Session, values: ComponentValues, foot_switch_pin: int | None, own_id: str | None
) -> ComponentValues:
    """Return values cleaned, or raise a 422 naming every bad field."""
    errors: dict[str, str] = {}
    name = values.name.strip()
    if not name:
        errors["name"] = "Enter a name."
    elif len(name) > NAME_MAX:
        errors["name"] = f"Must be at most {NAME_MAX} characters."
    if not re.fullmatch(COLOUR_PATTERN, values.colour or ""):
        errors["colour"] = "Must be a colour like #d62828."
    try:
        validate_led_pin(values.gpio_pin, foot_switch_pin)
    except ValueError as error:
        errors["gpio_pin"] = str(error)
    else:
        holder = session.scalar(select(Component).where(Component.gpio_pin == values.gpio_pin))
        if holder is not None and holder.id != own_id:
            errors["gpio_pin"] = f"GPIO {values.gpio_pin} is already used by {holder.name}."
    target = values.target_seconds
    if target is not None and not (1 <= target <= TARGET_MAX_S):
        errors["target_seconds"] = f"Must be between 1 and {TARGET_MAX_S} seconds."
    if errors:
        raise CatalogueError(422, "invalid component", errors)
    return replace(values, name=name, colour=values.colour.lower())


def _validate(
    session: Session,
    values: ComponentValues,
    foot_switch_pin: int | None,
    own_id: str | None,
    image: IO[bytes] | None,
) -> tuple[ComponentValues, tuple[bytes, str] | None]:
    """Check the values and the picture together, so every bad field is named at once."""
    fields: dict[str, str] = {}
    picture = None
    try:
        values = _check(session, values, foot_switch_pin, own_id)
    except CatalogueError as error:
        fields |= error.fields
    if image is not None:
        try:
            picture = images.read_image(image)
        except CatalogueError as error:
            fields |= error.fields
    if fields:
        raise CatalogueError(422, "invalid component", fields)
    return values, picture


def _store(session: Session, component: Component, picture: tuple[bytes, str] | None) -> None:
    """Commit the change with the new picture in place of the one it replaces."""
    if picture is not None:
        images.remove_image(session, component.image)
        component.image = images.store_image(session, *picture)
    _commit(session)


def _commit(session: Session) -> None:
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise CatalogueError(409, "changed at the same time by someone else; try again") from None
    notify_components_changed()


def create_component(
    session: Session,
    values: ComponentValues,
    *,
    foot_switch_pin: int,
    actor: dict[str, Any],
    image: IO[bytes] | None = None,
) -> Component:
    """Create a component with a slug id made from its name, optionally with its picture."""
    values, picture = _validate(session, values, foot_switch_pin, None, image)
    component = Component(id=unique_slug(session, Component, values.name, "component"))
    for key, value in asdict(values).items():
        setattr(component, key, value)
    session.add(component)
    session.flush()
    detail = asdict(values) | {"image": picture is not None}
    audit(session, actor, "component_created", "component", component.id, detail)
    _store(session, component, picture)
    return component


def update_component(
    session: Session,
    component_id: str,
    changes: Mapping[str, Any],
    *,
    foot_switch_pin: int,
    actor: dict[str, Any],
    image: IO[bytes] | None = None,
) -> Component:
    """Change some values (keys of ComponentValues) and optionally the picture; the id stays."""
    component = get_component(session, component_id)
    unknown = set(changes) - _fields()
    if unknown:
        raise CatalogueError(422, "invalid component", dict.fromkeys(unknown, "Unknown field."))
    current = ComponentValues(**{key: getattr(component, key) for key in _fields()})
    wanted = replace(current, **changes)
    # A kept pin is not this Pi's to refuse: Pis sharing the catalogue may put the foot switch
    # on different pins (each lights what it can and logs the rest).
    foot = foot_switch_pin if wanted.gpio_pin != component.gpio_pin else None
    values, picture = _validate(session, wanted, foot, component.id, image)
    changed = {k: v for k, v in asdict(values).items() if getattr(component, k) != v}
    if not changed and picture is None:
        return component
    for key, value in changed.items():
        setattr(component, key, value)
    detail = changed | ({"image": "replaced"} if picture else {})
    audit(session, actor, "component_updated", "component", component.id, detail)
    _store(session, component, picture)
    return component


def _fields() -> set[str]:
    return set(ComponentValues.__dataclass_fields__)


def set_component_image(
    session: Session,
    component_id: str,
    stream: IO[bytes],
    *,
    actor: dict[str, Any],
) -> Component:
    """Store a new picture for a component (checked by content) and remove the old one."""
    component = get_component(session, component_id)
    picture = images.read_image(stream)
    audit(session, actor, "component_image_set", "component", component.id)
    _store(session, component, picture)
    return component


def projects_using(session: Session, component_id: str) -> list[str]:
    """Return the names of projects with any version that has a step of this component."""
    query = (
        select(Project.name)
        .join(ProjectVersion, ProjectVersion.project_id == Project.id)
        .join(ProjectStep, ProjectStep.version_id == ProjectVersion.id)
        .where(ProjectStep.component_id == component_id)
        .distinct()
        .order_by(Project.name)
    )
    return list(session.scalars(query))


def delete_component(session: Session, component_id: str, *, actor: dict[str, Any]) -> None:
    """Delete a component no project version uses, with its picture."""
    component = get_component(session, component_id)
    users = projects_using(session, component_id)
    if users:
        projects = f"{len(users)} project" + ("" if len(users) == 1 else "s")
        raise CatalogueError(
            409,
            f"{component.name} is used by {projects}: {', '.join(users)}",
            {"component": "in use"},
        )
    audit(session, actor, "component_deleted", "component", component.id, {"name": component.name})
    images.remove_image(session, component.image)
    session.delete(component)
    _commit(session)
