"""Project services: slug ids, steps edited in place until used, then versioned; diff; copy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from assembly.catalogue import services
from assembly.catalogue.services import CatalogueError, Change, StepValues
from assembly.models import AssemblySession, Job, Project, ProjectVersion
from core.extensions import db
from tests.assembly.catalogue.conftest import audit_actions


@pytest.fixture
def app(any_db_app: Flask) -> Flask:
    """Run these on each engine under test."""
    return any_db_app


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    """Run the test inside an app context."""
    with app.app_context():
        yield app


def _steps(*ids: str) -> list[StepValues]:
    return [StepValues(cid, f"Place {cid}") for cid in ids]


def _ids(version: ProjectVersion) -> list[str]:
    return [step.component_id for step in version.steps]


@pytest.fixture
def project(ctx: Flask, make_project, actor) -> Project:
    """A project "Stack" (id "stack") with steps anode, cathode, electrolyte in version 1."""
    make_project(("separator",), project_id="seed")  # makes the four default components
    return services.create_project(
        db.session, "Stack", "A test stack", _steps("anode", "cathode", "electrolyte"), actor=actor
    )


def test_projects_get_unique_slug_ids(project: Project, actor) -> None:
    again = services.create_project(db.session, "stack", actor=actor)
    sneaky = services.create_project(db.session, "../../etc/passwd", actor=actor)
    assert (project.id, again.id, sneaky.id) == ("stack", "stack-2", "etc-passwd")
    assert project.latest.number == 1
    assert _ids(project.latest) == ["anode", "cathode", "electrolyte"]


def test_editing_an_unused_project_changes_its_latest_version_in_place(
    project: Project, actor
) -> None:
    version = services.set_steps(
        db.session, project.id, _steps("cathode", "anode"), change_note="swap", actor=actor
    )
    assert version.number == 1
    assert [v.number for v in db.session.get(Project, project.id).versions] == [1]
    assert _ids(version) == ["cathode", "anode"]
    assert audit_actions(db.session, project.id)[-1] == "assembly.project_steps_set"


@pytest.mark.parametrize("binding", ["job", "session"])
def test_editing_a_used_project_makes_a_new_version_and_keeps_the_old(
    ctx: Flask, project: Project, actor, make_job, user_factory, binding: str
) -> None:
    old_id = project.latest.id
    job_id = make_job(old_id)
    if binding == "session":
        # a session alone binds the version too: move the job to another version first
        spare = services.create_project(db.session, "Spare", steps=_steps("anode"), actor=actor)
        job = db.session.get(Job, job_id)
        job.project_version_id = spare.latest.id
        operator = user_factory("operator")
        db.session.add(
            AssemblySession(
                job_id=job_id,
                project_version_id=old_id,
                station_id=ctx.config["DEVICE_ID"],
                operator_id=operator.id,
                project_name=project.name,
            )
        )
        db.session.commit()
    assert services.version_in_use(db.session, old_id)
    version = services.set_steps(
        db.session,
        project.id,
        _steps("anode", "separator"),
        change_note="add separator",
        actor=actor,
    )
    assert (version.number, version.change_note) == (2, "add separator")
    db.session.expire_all()
    old = db.session.get(ProjectVersion, old_id)
    assert _ids(old) == ["anode", "cathode", "electrolyte"]
    assert _ids(db.session.get(Project, project.id).latest) == ["anode", "separator"]


def test_saving_the_same_steps_changes_nothing(project: Project, actor) -> None:
    before = audit_actions(db.session)
    version = services.set_steps(
        db.session, project.id, _steps("anode", "cathode", "electrolyte"), actor=actor
    )
    assert version.number == 1
    assert audit_actions(db.session) == before


def test_bad_steps_are_refused_naming_each_and_change_nothing(project: Project, actor) -> None:
    bad = [StepValues("anode", "x" * 201), StepValues("../etc", "")]
    with pytest.raises(CatalogueError) as refused:
        services.set_steps(db.session, project.id, bad, actor=actor)
    assert set(refused.value.fields) == {"steps.0.label", "steps.1.component_id"}
    with pytest.raises(CatalogueError) as empty:
        services.set_steps(db.session, project.id, [], actor=actor)
    assert empty.value.fields == {"steps": "Add at least one step."}
    db.session.rollback()
    assert _ids(db.session.get(Project, project.id).latest) == ["anode", "cathode", "electrolyte"]


def test_diff_lists_added_removed_moved_and_relabelled_steps(
    project: Project, actor, make_job
) -> None:
    make_job(project.latest.id)
    new = [
        StepValues("electrolyte", "Place electrolyte"),
        StepValues("anode", "Place anode carefully"),
        StepValues("cathode", "Place cathode"),
        StepValues("separator", "Place separator"),
    ]
    services.set_steps(db.session, project.id, new, actor=actor)
    changes = services.diff_versions(db.session, project.id, 1, 2)
    summary = {(c.kind, c.component_id, c.old_position, c.new_position) for c in changes}
    assert summary == {
        (Change.MOVED, "electrolyte", 3, 1),
        (Change.CHANGED, "anode", 1, 2),
        (Change.ADDED, "separator", None, 4),
    }
    relabel = next(c for c in changes if c.kind == Change.CHANGED)
    assert (relabel.old_label, relabel.new_label) == ("Place anode", "Place anode carefully")
    back = services.diff_versions(db.session, project.id, 2, 1)
    assert (Change.REMOVED, "separator", 4, None) in {
        (c.kind, c.component_id, c.old_position, c.new_position) for c in back
    }
    assert services.diff_versions(db.session, project.id, 2, 2) == []


def test_duplicate_copies_the_latest_steps_as_version_one(
    project: Project, actor, make_job
) -> None:
    make_job(project.latest.id)
    services.set_steps(db.session, project.id, _steps("anode", "separator"), actor=actor)
    copy = services.duplicate_project(db.session, project.id, actor=actor)
    assert (copy.id, copy.name, copy.description) == ("stack-copy", "Stack (copy)", "A test stack")
    assert [v.number for v in copy.versions] == [1]
    assert _ids(copy.latest) == ["anode", "separator"]
    assert audit_actions(db.session, copy.id) == ["assembly.project_created"]


def test_rename_and_archive_are_audited(project: Project, actor) -> None:
    services.update_project(db.session, project.id, name="Stack B", actor=actor)
    services.update_project(db.session, project.id, archived=True, actor=actor)
    with pytest.raises(CatalogueError) as refused:
        services.update_project(db.session, project.id, name=" ", actor=actor)
    assert refused.value.fields == {"name": "Enter a name."}
    db.session.rollback()
    stored = db.session.get(Project, project.id)
    assert (stored.name, stored.archived) == ("Stack B", True)
    assert [p.id for p in services.list_projects(db.session, include_archived=False)] == ["seed"]
    assert audit_actions(db.session, project.id) == [
        "assembly.project_created",
        "assembly.project_updated",
        "assembly.project_updated",
    ]
