"""Write what the legacy reader found into the assembly tables, all in one transaction."""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.const import SLUG_MAX, JobState, RunStatus
from assembly.models import (
    AssemblySession,
    Component,
    Job,
    Project,
    ProjectStep,
    ProjectVersion,
    Station,
    StepEvent,
)
from assembly.records.const import ACTION_LEGACY_IMPORT
from assembly.records.legacy.folder import (
    LegacyComponent,
    LegacyProject,
    Skipped,
    read_components,
    read_projects,
)
from assembly.records.legacy.runs import LegacySession, read_sessions
from core.audit import record, system_actor
from core.auth.models import User
from core.roles import OPERATOR

LEGACY_USERNAME = "legacy-import"
LEGACY_COLOUR = "#6b7280"


@dataclass
class ImportReport:
    """What an import did (or would do, in a dry run) and what it left out."""

    components: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    sessions: int = 0
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    def text(self) -> str:
        """Return the report as printed by the command."""
        head = (
            f"imported {len(self.components)} components, {len(self.projects)} projects, "
            f"{self.sessions} sessions; skipped: {len(self.skipped) or 'nothing'}"
        )
        if self.dry_run:
            head = "DRY RUN, nothing written: would have " + head
        lines = [head, *(f"  skipped {item}" for item in self.skipped)]
        return "\n".join(lines + [f"  note: {note}" for note in self.notes])


def slugify(text: str) -> str:
    """Return a lowercase slug of letters, digits and dashes (never empty)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[: SLUG_MAX - 8] or "item"


@dataclass
class _Run:
    """The state one import accumulates while it adds rows."""

    session: Session
    report: ImportReport
    skipped: Skipped
    images: list[tuple[str, bytes]] = field(default_factory=list)
    taken: dict[str, set[str]] = field(default_factory=dict)


def _free_slug(run: _Run, model: type, base: str) -> str:
    taken = run.taken.setdefault(model.__name__, set())
    slug, number = slugify(base), 1
    candidate = slug
    while candidate in taken or run.session.get(model, candidate) is not None:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate


def _components(run: _Run, items: list[LegacyComponent]) -> dict[str, str]:
    pins = dict(run.session.execute(select(Component.gpio_pin, Component.id)).all())
    mapping = {}
    for item in items:
        if item.gpio in pins:
            run.skipped.add(
                f"components/{item.legacy_id}",
                f"GPIO {item.gpio} already used by {pins[item.gpio]}",
            )
            continue
        slug = _free_slug(run, Component, item.legacy_id)
        image = None
        if item.image is not None:
            image = f"{uuid.uuid4().hex}.{item.image_ext}"
            run.images.append((image, item.image))
        run.session.add(
            Component(
                id=slug,
                name=item.name,
                colour=LEGACY_COLOUR,
                gpio_pin=item.gpio,
                image=image,
                notes=f"Imported from the legacy tool (component {item.legacy_id}).",
            )
        )
        pins[item.gpio] = slug
        mapping[item.legacy_id] = slug
        run.report.components.append(slug)
    return mapping


def _projects(run: _Run, items: list[LegacyProject], components: dict[str, str]) -> dict:
    versions = {}
    for item in items:
        missing = sorted({comp for comp, _ in item.sequence if comp not in components})
        if missing:
            run.skipped.add(
                f"projects/{item.legacy_id}", f"names components not imported: {', '.join(missing)}"
            )
            continue
        slug = _free_slug(run, Project, item.legacy_id)
        project = Project(
            id=slug,
            name=item.name,
            description=f"Imported from the legacy tool (project {item.legacy_id}).",
        )
        version = ProjectVersion(
            project=project, number=1, change_note="Imported from the legacy tool."
        )
        for position, (comp, label) in enumerate(item.sequence):
            version.steps.append(
                ProjectStep(position=position, component_id=components[comp], label=label)
            )
        run.session.add_all([project, version])
        versions[item.legacy_id] = version
        run.report.projects.append(slug)
    return versions


def _operator(run: _Run) -> User:
    user = run.session.scalar(select(User).where(User.username == LEGACY_USERNAME))
    if user is None:
        user = User(
            username=LEGACY_USERNAME,
            display_name="Legacy import",
            role=OPERATOR,
            # Not an argon2 hash, so no password ever matches it.
            password_hash="!unusable:" + secrets.token_hex(16),
            active=False,
        )
        run.session.add(user)
        run.session.flush()
        run.report.notes.append(
            f'created the inactive operator account "{LEGACY_USERNAME}"'
            " (no usable password) for imported sessions"
        )
    else:
        run.report.notes.append(
            f'imported sessions are attributed to the existing account "{LEGACY_USERNAME}"'
        )
    return user


def _station(run: _Run, device: str) -> str:
    station_id = slugify(device)
    if run.session.get(Station, station_id) is None:
        run.session.add(Station(id=station_id, name=device[:120]))
        run.session.flush()
        run.report.notes.append(f"created station {station_id} for legacy device {device!r}")
    return station_id


def _session(run: _Run, legacy: LegacySession, version: ProjectVersion, operator: User) -> None:
    station_id = _station(run, legacy.device)
    stack_id = f"legacy-{legacy.legacy_id}"
    if run.session.scalar(
        select(Job.id).where(Job.stack_id == stack_id, Job.station_id == station_id)
    ):
        run.skipped.add(f"events.db session {legacy.legacy_id}", "already imported")
        return
    steps = version.steps
    events = sorted((e for e in legacy.events if e.step <= len(steps)), key=lambda e: e.at)
    ended = legacy.ended or (events[-1].at if events else legacy.started)
    last_step = min(max((e.step for e in events), default=0), len(steps) - 1)
    aborts = [e.step for e in events if e.kind == "abort"]
    status = RunStatus.FINISHED if legacy.finished else RunStatus.ABORTED
    job = Job(
        project_version=version,
        station_id=station_id,
        stack_id=stack_id,
        quantity=1,
        state=JobState.FINISHED if legacy.finished else JobState.ABORTED,
        created_at=legacy.started,
        started_at=legacy.started,
        ended_at=ended,
    )
    session = AssemblySession(
        job=job,
        project_version=version,
        station_id=station_id,
        operator_id=operator.id,
        status=status,
        current_step=last_step,
        step_started_at=legacy.started,
        started_at=legacy.started,
        ended_at=ended,
        abort_step=None
        if legacy.finished
        else min(aborts[0] if aborts else last_step, len(steps) - 1),
        abort_reason=None if legacy.finished else f"legacy status: {legacy.status or 'none'}",
    )
    run.session.add_all([job, session])
    for event in events:
        component = steps[event.step].component_id if event.step < len(steps) else None
        run.session.add(
            StepEvent(
                session=session,
                step_index=event.step,
                component_id=component,
                kind=event.kind,
                at=event.at,
                operator_id=operator.id,
                device=station_id,
                detail={"legacy_kind": event.legacy_kind, "legacy_comp": event.comp},
            )
        )
    run.report.sessions += 1


def import_legacy(
    session: Session,
    root: Path,
    *,
    upload_folder: Path,
    foot_switch_pin: int,
    dry_run: bool = False,
) -> ImportReport:
    """Import DIR's components, projects and sessions; all or nothing, nothing if dry_run."""
    root = root.resolve()
    skipped = Skipped()
    run = _Run(session, ImportReport(dry_run=dry_run), skipped)
    components = read_components(root, foot_switch_pin, skipped)
    projects = read_projects(root, skipped)
    sessions = read_sessions(root, skipped)
    written: list[Path] = []
    try:
        mapping = _components(run, components)
        versions = _projects(run, projects, mapping)
        session.flush()
        importable = []
        for legacy in sessions:
            if legacy.project not in versions:
                skipped.add(
                    f"events.db session {legacy.legacy_id}",
                    f"project {legacy.project!r} not imported",
                )
            else:
                importable.append(legacy)
        if importable:
            operator = _operator(run)
            for legacy in importable:
                _session(run, legacy, versions[legacy.project], operator)
        run.report.skipped = skipped.items
        record(
            session,
            **system_actor("legacy-import"),
            action=ACTION_LEGACY_IMPORT,
            subject_type="assembly_import",
            subject_id=None,
            detail={
                "components": len(run.report.components),
                "projects": len(run.report.projects),
                "sessions": run.report.sessions,
                "skipped": len(skipped.items),
            },
        )
        session.flush()
        if dry_run:
            session.rollback()
            return run.report
        folder = upload_folder / "assembly"
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in run.images:
            written.append(folder / name)
            written[-1].write_bytes(data)
        session.commit()
    except BaseException:
        session.rollback()
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return run.report
