"""Write the legacy components and projects, recognising what an earlier import made."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.catalogue.services.images import store_image
from assembly.const import SLUG_MAX
from assembly.models import Component, Project, ProjectStep, ProjectVersion
from assembly.records.legacy.folder import LegacyComponent, LegacyProject, Skipped
from assembly.records.legacy.report import ImportReport, named
from core.auth.models import User

LEGACY_COLOUR = "#6b7280"


def component_note(legacy_id: str) -> str:
    """Return the note an imported component keeps its legacy id in."""
    return f"Imported from the legacy tool (component {legacy_id})."


def project_description(legacy_id: str) -> str:
    """Return the description an imported project keeps its legacy id in."""
    return f"Imported from the legacy tool (project {legacy_id})."


def slugify(text: str) -> str:
    """Return a lowercase slug of letters, digits and dashes (never empty)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[: SLUG_MAX - 8] or "item"


@dataclass
class Run:
    """The state one import accumulates while it adds rows."""

    session: Session
    report: ImportReport
    skipped: Skipped
    taken: dict[str, set[str]] = field(default_factory=dict)
    operator: User | None = None
    stations: set[str] = field(default_factory=set)


def _free_slug(run: Run, model: type, base: str) -> str:
    taken = run.taken.setdefault(model.__name__, set())
    slug, number = slugify(base), 1
    candidate = slug
    while candidate in taken or run.session.get(model, candidate) is not None:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate


def _same_component(existing: Component, item: LegacyComponent) -> bool:
    """Tell whether a component on the item's pin is the item imported before."""
    return existing.name == item.name or existing.notes.startswith(component_note(item.legacy_id))


def import_components(run: Run, items: list[LegacyComponent]) -> dict[str, str]:
    """Add new components; return legacy id -> slug, including ones imported before."""
    before = {c.gpio_pin: c for c in run.session.scalars(select(Component))}
    pins = dict(before)
    mapping = {}
    for item in items:
        what = f"components/{item.legacy_id}"
        existing = pins.get(item.gpio)
        if existing is before.get(item.gpio) is not None and _same_component(existing, item):
            run.report.already.append(f"{what} (as {existing.id}, GPIO {item.gpio})")
            mapping[item.legacy_id] = existing.id
            continue
        if existing is not None:
            run.skipped.add(what, f"GPIO {item.gpio} already used by {existing.id}")
            continue
        slug = _free_slug(run, Component, item.legacy_id)
        image = None
        if item.image is not None:
            image = store_image(run.session, item.image, item.image_ext)
        created = Component(
            id=slug,
            name=item.name,
            colour=LEGACY_COLOUR,
            gpio_pin=item.gpio,
            image=image,
            notes=component_note(item.legacy_id),
        )
        run.session.add(created)
        pins[item.gpio] = created
        mapping[item.legacy_id] = slug
        run.report.components.append(named(item.legacy_id, slug))
        if item.image_refused is not None:
            run.report.without_picture.append(
                f"components/{item.legacy_id} imported without its picture: {item.image_refused}"
            )
    return mapping


def _imported_version(
    run: Run, item: LegacyProject, steps: list[tuple[str, str]]
) -> ProjectVersion | None:
    """Return the version an earlier import made of this legacy project, if there is one."""
    projects = run.session.scalars(
        select(Project).where(Project.description == project_description(item.legacy_id))
    )
    for project in projects:
        for version in project.versions:
            if [(s.component_id, s.label) for s in version.steps] == steps:
                return version
    return None


def import_projects(
    run: Run, items: list[LegacyProject], components: dict[str, str]
) -> dict[str, ProjectVersion]:
    """Add new projects; return legacy id -> version, including versions imported before."""
    versions = {}
    for item in items:
        missing = sorted({comp for comp, _ in item.sequence if comp not in components})
        if missing:
            names = "a component" if len(missing) == 1 else "components"
            run.skipped.add(
                f"projects/{item.legacy_id}", f"names {names} not imported: {', '.join(missing)}"
            )
            continue
        steps = [(components[comp], label) for comp, label in item.sequence]
        earlier = _imported_version(run, item, steps)
        if earlier is not None:
            run.report.already.append(
                f"projects/{item.legacy_id} (as {earlier.project_id} v{earlier.number})"
            )
            versions[item.legacy_id] = earlier
            continue
        slug = _free_slug(run, Project, item.legacy_id)
        project = Project(
            id=slug,
            name=item.name,
            description=project_description(item.legacy_id),
        )
        version = ProjectVersion(
            project=project, number=1, change_note="Imported from the legacy tool."
        )
        for position, (component_id, label) in enumerate(steps):
            version.steps.append(
                ProjectStep(position=position, component_id=component_id, label=label)
            )
        run.session.add_all([project, version])
        versions[item.legacy_id] = version
        run.report.projects.append(named(item.legacy_id, slug))
    return versions
