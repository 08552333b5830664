"""Projects and their versions: create, rename, set steps (new version once used), duplicate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from assembly.catalogue.services.common import (
    CatalogueError,
    NotFoundError,
    audit,
    unique_slug,
    user_id_of,
)
from assembly.catalogue.services.diff import StepChange, diff_steps
from assembly.const import LABEL_MAX, NAME_MAX
from assembly.models import (
    AssemblySession,
    Component,
    Job,
    Project,
    ProjectStep,
    ProjectVersion,
)

MAX_STEPS = 200
NOTE_MAX = 2000
DESCRIPTION_MAX = 5000


@dataclass(frozen=True)
class StepValues:
    """One step as a supervisor sets it."""

    component_id: str
    label: str = ""
    note: str = ""


def list_projects(session: Session, *, include_archived: bool = True) -> list[Project]:
    """Return projects by name, with their versions loaded."""
    query = select(Project).options(selectinload(Project.versions)).order_by(Project.name)
    if not include_archived:
        query = query.where(Project.archived.is_(False))
    return list(session.scalars(query))


def get_project(session: Session, project_id: str) -> Project:
    """Return a project or raise NotFoundError."""
    project = session.get(Project, project_id)
    if project is None:
        raise NotFoundError("project", project_id)
    return project


def get_version(session: Session, project_id: str, number: int) -> ProjectVersion:
    """Return version `number` of a project or raise NotFoundError."""
    version = session.scalar(
        select(ProjectVersion).where(
            ProjectVersion.project_id == project_id, ProjectVersion.number == number
        )
    )
    if version is None:
        raise NotFoundError("version", f"{project_id} v{number}")
    return version


def version_in_use(session: Session, version_id: int) -> bool:
    """Tell whether any job or session is bound to this version (its steps are then frozen)."""
    return bool(
        session.scalar(
            select(
                exists().where(Job.project_version_id == version_id)
                | exists().where(AssemblySession.project_version_id == version_id)
            )
        )
    )


def _text(errors: dict[str, str], field: str, value: str, limit: int, required: bool) -> str:
    value = value.strip()
    if required and not value:
        errors[field] = "Enter a name."
    elif len(value) > limit:
        errors[field] = f"Must be at most {limit} characters."
    return value


def _clean_steps(session: Session, steps: Sequence[StepValues]) -> list[StepValues]:
    errors: dict[str, str] = {}
    if len(steps) > MAX_STEPS:
        errors["steps"] = f"At most {MAX_STEPS} steps."
    known = set(session.scalars(select(Component.id)))
    cleaned = []
    for index, step in enumerate(steps[:MAX_STEPS]):
        if step.component_id not in known:
            errors[f"steps.{index}.component_id"] = "Choose an existing component."
        label = _text(errors, f"steps.{index}.label", step.label, LABEL_MAX, False)
        note = _text(errors, f"steps.{index}.note", step.note, NOTE_MAX, False)
        cleaned.append(StepValues(step.component_id, label, note))
    if errors:
        raise CatalogueError(422, "invalid steps", errors)
    return cleaned


def _fill(version: ProjectVersion, steps: Sequence[StepValues]) -> None:
    for position, step in enumerate(steps):
        version.steps.append(ProjectStep(position=position, **asdict(step)))


def _commit(session: Session) -> None:
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise CatalogueError(409, "changed at the same time by someone else; try again") from None


def _new_project(
    session: Session,
    name: str,
    description: str,
    steps: Sequence[StepValues],
    actor: dict[str, Any],
    copied_from: str | None = None,
) -> Project:
    errors: dict[str, str] = {}
    name = _text(errors, "name", name, NAME_MAX, True)
    description = _text(errors, "description", description, DESCRIPTION_MAX, False)
    if errors:
        raise CatalogueError(422, "invalid project", errors)
    steps = _clean_steps(session, steps)
    project = Project(
        id=unique_slug(session, Project, name, "project"), name=name, description=description
    )
    version = ProjectVersion(project=project, number=1, created_by_id=user_id_of(actor))
    _fill(version, steps)
    session.add_all([project, version])
    session.flush()
    detail = {"name": name, "steps": [asdict(step) for step in steps]}
    if copied_from is not None:
        detail["copied_from"] = copied_from
    audit(session, actor, "project_created", "project", project.id, detail)
    _commit(session)
    return project


def create_project(
    session: Session,
    name: str,
    description: str = "",
    steps: Sequence[StepValues] = (),
    *,
    actor: dict[str, Any],
) -> Project:
    """Create a project with a slug id and version 1 holding the given steps."""
    return _new_project(session, name, description, steps, actor)


def update_project(
    session: Session,
    project_id: str,
    *,
    name: str | None = None,
    description: str | None = None,
    archived: bool | None = None,
    actor: dict[str, Any],
) -> Project:
    """Rename, describe, archive or restore a project (its steps are untouched)."""
    project = get_project(session, project_id)
    errors: dict[str, str] = {}
    wanted: dict[str, Any] = {}
    if name is not None:
        wanted["name"] = _text(errors, "name", name, NAME_MAX, True)
    if description is not None:
        wanted["description"] = _text(errors, "description", description, DESCRIPTION_MAX, False)
    if archived is not None:
        wanted["archived"] = archived
    if errors:
        raise CatalogueError(422, "invalid project", errors)
    changed = {key: value for key, value in wanted.items() if getattr(project, key) != value}
    if changed:
        for key, value in changed.items():
            setattr(project, key, value)
        audit(session, actor, "project_updated", "project", project.id, changed)
        _commit(session)
    return project


def set_steps(
    session: Session,
    project_id: str,
    steps: Sequence[StepValues],
    *,
    change_note: str = "",
    actor: dict[str, Any],
) -> ProjectVersion:
    """Set a project's steps: a new version if the latest is used by a job or session."""
    project = get_project(session, project_id)
    if not steps:
        raise CatalogueError(422, "invalid steps", {"steps": "Add at least one step."})
    steps = _clean_steps(session, steps)
    latest = project.latest
    current = [StepValues(s.component_id, s.label, s.note) for s in latest.steps] if latest else []
    if latest is not None and current == steps:
        return latest
    note = change_note.strip()[:NOTE_MAX]
    if latest is None or version_in_use(session, latest.id):
        number = latest.number + 1 if latest else 1
        version = ProjectVersion(
            project=project, number=number, created_by_id=user_id_of(actor), change_note=note
        )
        session.add(version)
        created = True
    else:
        version, created = latest, False
        version.steps.clear()
        version.change_note = note or version.change_note
        session.flush()  # delete the old rows before their positions are reused
    _fill(version, steps)
    session.flush()
    detail = {
        "version": version.number,
        "new_version": created,
        "change_note": note,
        "steps": [asdict(step) for step in steps],
    }
    audit(session, actor, "project_steps_set", "project", project.id, detail)
    _commit(session)
    return version


def duplicate_project(
    session: Session, project_id: str, name: str | None = None, *, actor: dict[str, Any]
) -> Project:
    """Copy a project's latest steps into a new project (version 1) with its own slug."""
    source = get_project(session, project_id)
    latest = source.latest
    steps = [StepValues(s.component_id, s.label, s.note) for s in latest.steps] if latest else []
    copy_name = name if name is not None else f"{source.name} (copy)"[:NAME_MAX]
    return _new_project(session, copy_name, source.description, steps, actor, source.id)


def diff_versions(
    session: Session, project_id: str, old_number: int, new_number: int
) -> list[StepChange]:
    """Return the step changes from one version of a project to another."""
    old = get_version(session, project_id, old_number)
    new = get_version(session, project_id, new_number)
    return diff_steps(old.steps, new.steps)
