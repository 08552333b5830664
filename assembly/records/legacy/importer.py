"""Write what the legacy reader found into the assembly tables, all in one transaction."""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.const import NAME_MAX, EventKind, JobState, RunStatus
from assembly.models import AssemblySession, Job, ProjectVersion, Station, StepEvent
from assembly.records.const import ACTION_LEGACY_IMPORT
from assembly.records.legacy.catalogue import Run, import_components, import_projects, slugify
from assembly.records.legacy.checks import checked_events
from assembly.records.legacy.folder import Skipped, read_components, read_projects
from assembly.records.legacy.report import ImportReport
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
            "imported sessions are attributed to a new, inactive operator account"
            f' "{LEGACY_USERNAME}" (no usable password)'
        )
    else:
        run.report.notes.append(
            f'imported sessions are attributed to the existing account "{LEGACY_USERNAME}"'
        )
    run.operator = user
    return user


def _station(run: Run, device: str) -> str:
    station_id = slugify(device)
    if station_id in run.stations:
        return station_id
    run.stations.add(station_id)
    if run.session.get(Station, station_id) is None:
        run.session.add(Station(id=station_id, name=device[:NAME_MAX]))
        run.session.flush()
        run.report.stations.append(f"{station_id} (legacy device {device!r})")
        if len(run.report.stations) == 1:
            # list_stations has no notion of a retired station yet, so say where they show.
            run.report.notes.append(
                "the new stations are listed on the live dashboard and in the queue"
                " (a station cannot be marked retired yet)"
            )
    else:
        run.report.notes.append(
            f"legacy device {device!r} is recorded under the existing station {station_id}"
        )
    return station_id


def _session(run: Run, legacy: LegacySession, version: ProjectVersion) -> None:
    what = f"events.db session {legacy.legacy_id}"
    stack_id = f"legacy-{legacy.legacy_id}"
    if run.session.scalar(
        select(Job.id).where(Job.stack_id == stack_id, Job.station_id == slugify(legacy.device))
    ):
        run.report.already.append(what)
        return
    steps = version.steps
    checked = checked_events(legacy, len(steps), run.skipped)
    if checked is None:
        return
    events, ended = checked
    station_id = _station(run, legacy.device)
    operator = _operator(run)
    last_step = max((e.step for e in events), default=0)
    aborts = [e.step for e in events if e.kind == EventKind.ABORT]
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
        status=RunStatus.FINISHED if legacy.finished else RunStatus.ABORTED,
        current_step=last_step,
        step_started_at=legacy.started,
        started_at=legacy.started,
        ended_at=ended,
        abort_step=None if legacy.finished else (aborts[0] if aborts else last_step),
        abort_reason=None if legacy.finished else f"legacy status: {legacy.status or 'none'}",
    )
    # The old tool kept no copy of its components per run: the imported ones are the best record.
    session.record_version(version)
    run.session.add_all([job, session])
    for event in events:
        run.session.add(
            StepEvent(
                session=session,
                step_index=event.step,
                # None at the review past the last step, as the kiosk records it.
                component_id=steps[event.step].component_id if event.step < len(steps) else None,
                kind=event.kind,
                at=event.at,
                operator_id=operator.id,
                device=station_id,
                detail={"legacy_kind": event.legacy_kind, "legacy_comp": event.comp},
            )
        )
    run.report.sessions[version.project_id] += 1


def import_legacy(
    session: Session,
    root: Path,
    *,
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
            detail={"folder": str(root), **run.report.counts()},
        )
        session.flush()
        if dry_run:
            session.rollback()
            return run.report
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return run.report
