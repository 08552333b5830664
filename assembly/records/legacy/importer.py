"""Write what the legacy reader found into the assembly tables, all in one transaction."""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.const import JobState, RunStatus
from assembly.models import AssemblySession, Job, ProjectVersion, Station, StepEvent
from assembly.records.const import ACTION_LEGACY_IMPORT
from assembly.records.legacy.catalogue import (
    ImportReport,
    Run,
    import_components,
    import_projects,
    slugify,
)
from assembly.records.legacy.folder import Skipped, read_components, read_projects
from assembly.records.legacy.runs import LegacySession, read_sessions
from core.audit import record, system_actor
from core.auth.models import User
from core.roles import OPERATOR

LEGACY_USERNAME = "legacy-import"


def _operator(run: Run) -> User:
    if run.operator is not None:
        return run.operator
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
    run.operator = user
    return user


def _station(run: Run, device: str) -> str:
    station_id = slugify(device)
    if run.session.get(Station, station_id) is None:
        run.session.add(Station(id=station_id, name=device[:120]))
        run.session.flush()
        run.report.notes.append(f"created station {station_id} for legacy device {device!r}")
    return station_id


def _session(run: Run, legacy: LegacySession, version: ProjectVersion) -> None:
    stack_id = f"legacy-{legacy.legacy_id}"
    if run.session.scalar(
        select(Job.id).where(Job.stack_id == stack_id, Job.station_id == slugify(legacy.device))
    ):
        run.report.already.append(f"events.db session {legacy.legacy_id}")
        return
    station_id = _station(run, legacy.device)
    operator = _operator(run)
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
    run = Run(session, ImportReport(dry_run=dry_run), skipped)
    found_components = read_components(root, foot_switch_pin, skipped)
    found_projects = read_projects(root, skipped)
    sessions = read_sessions(root, skipped)
    written: list[Path] = []
    try:
        mapping = import_components(run, found_components)
        versions = import_projects(run, found_projects, mapping)
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
        for legacy in importable:
            _session(run, legacy, versions[legacy.project])
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
                "already_imported": len(run.report.already),
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
