"""Supervisor pages for projects: list, create, edit, steps, history with diff, duplicate."""

from __future__ import annotations

from collections import Counter

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from assembly.catalogue import services
from assembly.catalogue.services import CatalogueError, StepValues
from assembly.catalogue.web.blueprints import pages as bp
from assembly.catalogue.web.common import page_error
from assembly.catalogue.web.forms import ProjectForm, StepsForm
from assembly.models import Project, ProjectVersion
from core.audit import request_actor
from core.auth import role_required
from core.extensions import db
from core.roles import MANAGERS

TEMPLATES = "assembly/catalogue/"


def _project_or_404(project_id: str) -> Project:
    return db.session.get(Project, project_id) or abort(404)


@bp.get("/projects")
@role_required(*MANAGERS)
def projects() -> str:
    """List projects, active first, with their latest version."""
    items = services.list_projects(db.session)
    items.sort(key=lambda project: project.archived)
    return render_template(TEMPLATES + "projects.html", projects=items)


@bp.route("/projects/new", methods=["GET", "POST"])
@role_required(*MANAGERS)
def project_new() -> ResponseReturnValue:
    """Create a project, then go on to its steps."""
    form = ProjectForm()
    message = ""
    if form.validate_on_submit():
        try:
            project = services.create_project(
                db.session, form.name.data or "", form.description.data or "", actor=request_actor()
            )
        except CatalogueError as error:
            message = page_error(error, form)
        else:
            flash(f"Project {project.name} created; now add its steps.", "success")
            return redirect(url_for(".project_steps", project_id=project.id))
    page = render_template(
        TEMPLATES + "project_form.html", form=form, project=None, message=message
    )
    return page, 422 if form.errors or message else 200


@bp.get("/projects/<project_id>")
@role_required(*MANAGERS)
def project_detail(project_id: str) -> str:
    """Show a project's latest steps and its versions."""
    project = _project_or_404(project_id)
    in_use = bool(project.latest) and services.version_in_use(db.session, project.latest.id)
    return render_template(TEMPLATES + "project_detail.html", project=project, in_use=in_use)


@bp.route("/projects/<project_id>/edit", methods=["GET", "POST"])
@role_required(*MANAGERS)
def project_edit(project_id: str) -> ResponseReturnValue:
    """Change a project's name and description."""
    project = _project_or_404(project_id)
    form = ProjectForm(obj=project)
    message = ""
    if form.validate_on_submit():
        try:
            services.update_project(
                db.session,
                project_id,
                name=form.name.data or "",
                description=form.description.data or "",
                actor=request_actor(),
            )
        except CatalogueError as error:
            message = page_error(error, form)
        else:
            flash("Project saved.", "success")
            return redirect(url_for(".project_detail", project_id=project_id))
    page = render_template(
        TEMPLATES + "project_form.html", form=form, project=project, message=message
    )
    return page, 422 if form.errors or message else 200


def _choices() -> list[tuple[str, str]]:
    """Name each component; two of the same name are told apart by id and LED pin."""
    components = services.list_components(db.session)
    names = Counter(c.name.casefold() for c in components)
    return [
        (c.id, c.name if names[c.name.casefold()] == 1 else f"{c.name} ({c.id}, GPIO {c.gpio_pin})")
        for c in components
    ]


def _rows(version: ProjectVersion | None) -> tuple[int, list[tuple[str, str, str]]] | None:
    """Identify a version and its steps, to tell a save that changed nothing."""
    if version is None:
        return None
    return version.id, [(s.component_id, s.label, s.note) for s in version.steps]


@bp.route("/projects/<project_id>/steps", methods=["GET", "POST"])
@role_required(*MANAGERS)
def project_steps(project_id: str) -> ResponseReturnValue:
    """Edit a project's steps; a used version is kept and a new one is made."""
    project = _project_or_404(project_id)
    latest = project.latest
    data = {"steps": list(latest.steps) if latest else []}
    form = StepsForm(data=data) if request.method == "GET" else StepsForm()
    choices = _choices()
    for entry in form.steps:
        entry.form.component_id.choices = choices
    message = ""
    if form.validate_on_submit():
        steps = [
            StepValues(e.form.component_id.data, e.form.label.data or "", e.form.note.data or "")
            for e in form.steps
        ]
        before = _rows(latest)
        try:
            version = services.set_steps(
                db.session,
                project_id,
                steps,
                change_note=form.change_note.data or "",
                actor=request_actor(),
            )
        except CatalogueError as error:
            message = page_error(error, form)
        else:
            if _rows(version) == before:
                kept = (
                    " (a change note is kept only with a change)" if form.change_note.data else ""
                )
                message_text = f"Nothing changed: the steps are those of version {version.number}"
                flash(f"{message_text}{kept}.", "info")
            else:
                flash(f"Steps saved as version {version.number}.", "success")
            return redirect(url_for(".project_detail", project_id=project_id))
    in_use = bool(latest) and services.version_in_use(db.session, latest.id)
    page = render_template(
        TEMPLATES + "project_steps.html",
        project=project,
        form=form,
        choices=choices,
        in_use=in_use,
        message=message,
    )
    return page, 422 if form.errors or message else 200


@bp.get("/projects/<project_id>/history")
@role_required(*MANAGERS)
def project_history(project_id: str) -> ResponseReturnValue:
    """List a project's versions and the step diff between two of them."""
    project = _project_or_404(project_id)
    numbers = [version.number for version in project.versions]
    newest = numbers[-1] if numbers else 0
    old = request.args.get("from", type=int, default=max(newest - 1, 1))
    new = request.args.get("to", type=int, default=newest)
    changes, message = [], ""
    if numbers:
        if old not in numbers or new not in numbers:
            message = f"Pick versions between 1 and {newest}."
        else:
            changes = services.diff_versions(db.session, project_id, old, new)
    page = render_template(
        TEMPLATES + "project_history.html",
        project=project,
        old=old,
        new=new,
        changes=changes,
        names={component.id: component.name for component in services.list_components(db.session)},
        message=message,
    )
    return page, 422 if message else 200


@bp.post("/projects/<project_id>/duplicate")
@role_required(*MANAGERS)
def project_duplicate(project_id: str) -> ResponseReturnValue:
    """Copy a project's latest steps into a new project."""
    try:
        copy = services.duplicate_project(db.session, project_id, actor=request_actor())
    except CatalogueError as error:
        flash(page_error(error), "error")
        return redirect(url_for(".project_detail", project_id=project_id))
    flash(f"Copied as {copy.name}.", "success")
    return redirect(url_for(".project_detail", project_id=copy.id))


def _set_archived(project_id: str, archived: bool) -> ResponseReturnValue:
    try:
        services.update_project(db.session, project_id, archived=archived, actor=request_actor())
    except CatalogueError as error:
        flash(page_error(error), "error")
        return redirect(url_for(".project_detail", project_id=project_id))
    flash("Project archived." if archived else "Project restored.", "success")
    return redirect(url_for(".project_detail", project_id=project_id))


@bp.post("/projects/<project_id>/archive")
@role_required(*MANAGERS)
def project_archive(project_id: str) -> ResponseReturnValue:
    """Archive a project: hidden from new jobs, kept with its history."""
    return _set_archived(project_id, True)


@bp.post("/projects/<project_id>/restore")
@role_required(*MANAGERS)
def project_restore(project_id: str) -> ResponseReturnValue:
    """Bring an archived project back."""
    return _set_archived(project_id, False)
