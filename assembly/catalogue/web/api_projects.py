"""JSON API under /api/v1/assembly/projects: projects, their steps and versions."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask.typing import ResponseReturnValue

from assembly.catalogue import services
from assembly.catalogue.services import StepValues
from assembly.catalogue.web import schemas
from assembly.catalogue.web.blueprints import api as bp
from assembly.catalogue.web.common import refusals
from assembly.models import Project, ProjectVersion
from core.api import api_doc, parse_body
from core.audit import request_actor
from core.auth import role_required
from core.extensions import db
from core.roles import MANAGERS, READERS

WRITE_ERRORS = (400, 401, 403, 404, 409, 415, 422)


def version_json(version: ProjectVersion, with_steps: bool = True) -> dict[str, Any]:
    """Return a version, with its steps and whether it is in use, or as a summary."""
    data: dict[str, Any] = {
        "id": version.id,  # what POST /api/v1/assembly/jobs takes as version_id
        "number": version.number,
        "created_at": version.created_at.isoformat(),
        "created_by_id": version.created_by_id,
        "change_note": version.change_note,
    }
    if not with_steps:
        return data | {"step_count": len(version.steps)}
    steps = [
        {"position": s.position, "component_id": s.component_id, "label": s.label, "note": s.note}
        for s in version.steps
    ]
    in_use = services.version_in_use(db.session, version.id)
    return data | {"in_use": in_use, "steps": steps}


def project_json(project: Project) -> dict[str, Any]:
    """Return a project with its latest version's steps."""
    latest = project.latest
    return {
        "id": project.id,
        "name": project.name,
        "description": project.description,
        "archived": project.archived,
        "latest": version_json(latest) if latest else None,
    }


def _steps(items: list[schemas.StepIn]) -> list[StepValues]:
    return [StepValues(item.component_id, item.label, item.note) for item in items]


@bp.get("/projects")
@role_required(*READERS)
@api_doc("List projects", response=list[schemas.ProjectOut], errors=(401, 403))
def project_list() -> ResponseReturnValue:
    """Return every project with its latest steps."""
    return jsonify([project_json(p) for p in services.list_projects(db.session)])


@bp.post("/projects")
@role_required(*MANAGERS)
@api_doc(
    "Create a project",
    body=schemas.ProjectCreate,
    response=schemas.ProjectOut,
    status=201,
    errors=WRITE_ERRORS,
)
def project_create() -> ResponseReturnValue:
    """Create a project (version 1 holds the steps sent, if any)."""
    body = parse_body(schemas.ProjectCreate)
    with refusals():
        project = services.create_project(
            db.session, body.name, body.description, _steps(body.steps), actor=request_actor()
        )
    return jsonify(project_json(project)), 201


@bp.get("/projects/<project_id>")
@role_required(*READERS)
@api_doc("One project with its latest steps", response=schemas.ProjectOut, errors=(401, 403, 404))
def project_detail(project_id: str) -> ResponseReturnValue:
    """Return a project with its latest version's steps."""
    with refusals():
        return jsonify(project_json(services.get_project(db.session, project_id)))


@bp.patch("/projects/<project_id>")
@role_required(*MANAGERS)
@api_doc(
    "Rename, describe or archive a project",
    body=schemas.ProjectPatch,
    response=schemas.ProjectOut,
    errors=WRITE_ERRORS,
)
def project_update(project_id: str) -> ResponseReturnValue:
    """Change the fields sent (steps are changed with PUT .../steps)."""
    changes = parse_body(schemas.ProjectPatch).model_dump(exclude_unset=True)
    with refusals():
        project = services.update_project(db.session, project_id, **changes, actor=request_actor())
    return jsonify(project_json(project))


@bp.put("/projects/<project_id>/steps")
@role_required(*MANAGERS)
@api_doc(
    "Set a project's steps",
    description="Edits the latest version in place unless a job or session uses it; "
    "then a new version is made.",
    body=schemas.StepsPut,
    response=schemas.VersionOut,
    errors=WRITE_ERRORS,
)
def project_steps(project_id: str) -> ResponseReturnValue:
    """Replace the steps; answer the version that now holds them."""
    body = parse_body(schemas.StepsPut)
    with refusals():
        version = services.set_steps(
            db.session,
            project_id,
            _steps(body.steps),
            change_note=body.change_note,
            actor=request_actor(),
        )
    return jsonify(version_json(version))


@bp.get("/projects/<project_id>/versions")
@role_required(*READERS)
@api_doc("A project's versions", response=list[schemas.VersionSummary], errors=(401, 403, 404))
def project_versions(project_id: str) -> ResponseReturnValue:
    """List a project's versions, oldest first."""
    with refusals():
        project = services.get_project(db.session, project_id)
    return jsonify([version_json(v, with_steps=False) for v in project.versions])


@bp.get("/projects/<project_id>/versions/<int:number>")
@role_required(*READERS)
@api_doc("One version with its steps", response=schemas.VersionOut, errors=(401, 403, 404))
def project_version(project_id: str, number: int) -> ResponseReturnValue:
    """Return one version of a project with its steps."""
    with refusals():
        return jsonify(version_json(services.get_version(db.session, project_id, number)))


@bp.post("/projects/<project_id>/duplicate")
@role_required(*MANAGERS)
@api_doc(
    "Duplicate a project",
    body=schemas.DuplicateBody,
    response=schemas.ProjectOut,
    status=201,
    errors=WRITE_ERRORS,
)
def project_duplicate(project_id: str) -> ResponseReturnValue:
    """Copy the latest steps into a new project (version 1) with its own id."""
    body = parse_body(schemas.DuplicateBody)
    with refusals():
        project = services.duplicate_project(
            db.session, project_id, body.name, actor=request_actor()
        )
    return jsonify(project_json(project)), 201
