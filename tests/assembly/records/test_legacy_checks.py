"""What `import-legacy` refuses or reports in the sessions, times and stations it reads."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from assembly.models import AssemblySession, Station, StepEvent
from assembly.records.const import ACTION_LEGACY_IMPORT
from assembly.records.legacy.runs import parse_time
from core.audit import AuditEntry
from core.extensions import db
from tests.assembly.records.test_legacy import component, project

Row = tuple[object, ...]
MakeFolder = Callable[..., Path]

SHOWN_ALL = [
    (1, 0, "anode", "2025-08-01T10:00:00", "shown"),
    (1, 1, "separator", "2025-08-01T10:00:10", "shown"),
    (1, 2, "cathode", "2025-08-01T10:00:20", "shown"),
    (1, 2, "cathode", "2025-08-01T10:00:30", "finish"),
]


@pytest.fixture
def make_folder(tmp_path: Path) -> MakeFolder:
    """Return a builder of a legacy folder: three components, project p1 of three steps."""

    def make(sessions: list[Row], events: list[Row] = ()) -> Path:
        root = tmp_path / "tbag"
        component(root, "anode", 17)
        component(root, "separator", 23)
        component(root, "cathode", 22)
        project(root, "p1", ["anode", "separator", "cathode"])
        with sqlite3.connect(root / "events.db") as con:
            con.execute("CREATE TABLE sessions(id, project, started, ended, status, device)")
            con.execute("CREATE TABLE events(session_id, step, comp, ts, kind)")
            con.executemany("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?)", sessions)
            con.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?)", events)
        con.close()
        return root

    return make


def run_import(runner, root: Path, *extra: str) -> str:
    result = runner.invoke(args=["assembly", "import-legacy", str(root), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def stored(app: Flask) -> list[AssemblySession]:
    with app.app_context():
        runs = db.session.scalars(select(AssemblySession).order_by(AssemblySession.id)).all()
        db.session.expunge_all()
        return list(runs)


def test_a_session_that_ends_before_it_starts_is_skipped(app, runner, make_folder):
    root = make_folder([(1, "p1", "2025-08-01T11:00:00", "2025-08-01T10:00:00", "finished", "pi")])
    out = run_import(runner, root)
    assert out.startswith("imported 3 components, 1 project, 0 sessions;")
    assert (
        "skipped events.db session 1: ends before it starts "
        "(started 2025-08-01T11:00:00+00:00, ended 2025-08-01T10:00:00+00:00)" in out
    )
    assert stored(app) == []


def test_a_session_whose_last_event_precedes_its_start_is_skipped(app, runner, make_folder):
    root = make_folder(
        [(1, "p1", "2025-08-01T11:00:00", None, "stopped", "pi")],
        [(1, 0, "anode", "2025-08-01T10:00:00", "shown")],
    )
    out = run_import(runner, root)
    assert "skipped events.db session 1: ends before it starts (started" in out
    assert "last event 2025-08-01T10:00:00+00:00)" in out
    assert stored(app) == []


def test_a_finished_session_without_events_is_skipped(app, runner, make_folder):
    root = make_folder([(1, "p1", "2025-08-01T10:00:00", "2025-08-01T10:05:00", "done", "pi")])
    out = run_import(runner, root)
    assert (
        "skipped events.db session 1: recorded as finished but has no events, "
        "so nothing proves its steps were done" in out
    )
    assert stored(app) == []


def test_a_finished_session_whose_events_stop_early_is_skipped(app, runner, make_folder):
    root = make_folder(
        [(1, "p1", "2025-08-01T10:00:00", "2025-08-01T10:05:00", "finished", "pi")],
        SHOWN_ALL[:2],
    )
    out = run_import(runner, root)
    assert (
        "skipped events.db session 1: recorded as finished but its events stop at step 2 "
        "of steps 1 to 3, so nothing proves the later steps were done" in out
    )
    assert stored(app) == []


def test_an_aborted_session_without_events_keeps_no_steps_done(app, runner, make_folder):
    root = make_folder([(1, "p1", "2025-08-01T10:00:00", "2025-08-01T10:05:00", "stop", "pi")])
    out = run_import(runner, root)
    assert out.startswith("imported 3 components, 1 project, 1 session;")
    [run] = stored(app)
    assert (run.status, run.abort_step, run.current_step) == ("aborted", 0, 0)


def test_events_on_steps_the_project_lacks_are_reported(app, runner, make_folder):
    events = [*SHOWN_ALL, (1, 99, "anode", "2025-08-01T10:00:25", "shown")]
    events.append((1, 3, None, "2025-08-01T10:00:26", "shown"))
    events.append((1, 99, None, "2025-08-01T10:00:27", "review"))
    root = make_folder(
        [(1, "p1", "2025-08-01T10:00:00", "2025-08-01T10:01:00", "finished", "pi")], events
    )
    out = run_import(runner, root)
    assert "1 session;" in out
    assert (
        "skipped 3 events of events.db session 1 at steps 4, 100: project p1 has only "
        "steps 1 to 3 (after them it records only review, finish and abort)" in out
    )
    with app.app_context():
        steps = db.session.scalars(select(StepEvent.step_index).order_by(StepEvent.id)).all()
    assert steps == [0, 1, 2, 2]


def test_a_finished_session_with_only_unknown_steps_is_skipped(app, runner, make_folder):
    root = make_folder(
        [(1, "p1", "2025-08-01T10:00:00", "2025-08-01T10:01:00", "finished", "pi")],
        [(1, 99, "anode", "2025-08-01T10:00:25", "finish")],
    )
    out = run_import(runner, root)
    assert (
        "skipped events.db session 1: recorded as finished but none of its events is on "
        "the project's steps 1 to 3, so nothing proves they were done" in out
    )
    assert stored(app) == []


def test_unix_seconds_stored_as_text_are_accepted(app, runner, make_folder):
    events = [
        (1, step, comp, str(1700000000 + 10 * n), kind)
        for n, (_, step, comp, _, kind) in enumerate(SHOWN_ALL)
    ]
    root = make_folder([(1, "p1", "1700000000", " 1700000060.5 ", "finished", "pi")], events)
    out = run_import(runner, root)
    assert "not ISO 8601" not in out
    assert out.startswith("imported 3 components, 1 project, 1 session;")
    [run] = stored(app)
    assert run.started_at == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert (run.ended_at - run.started_at).total_seconds() == 60.5


def test_times_that_are_neither_iso_nor_unix_seconds_are_refused(app, runner, make_folder):
    root = make_folder(
        [
            (1, "p1", "soon", None, "stopped", "pi"),
            (2, "p1", "1700000000000000", None, "stopped", "pi"),
            (3, "p1", "2025-08-01T10:00:00", None, "stopped", "pi"),
        ],
        [
            (3, 0, "anode", "2025-08-01T10:00:00", "shown"),
            (3, 0, "anode", "yesterday", "shown"),
            (3, 1, "separator", "", "shown"),
            (3, 1, "separator", "2025-08-01T10:00:09", "teleport"),
        ],
    )
    out = run_import(runner, root)
    assert "skipped events.db session 1: time 'soon' is neither ISO 8601 nor Unix seconds" in out
    assert (
        "skipped events.db session 2: time '1700000000000000' is out of range for Unix seconds"
        in out
    )
    assert (
        "skipped events.db events: 2 rows with a time that is neither ISO 8601 nor Unix "
        "seconds in range: '', 'yesterday' (session 3)" in out
    )
    assert "skipped events.db events: 1 row with an unknown kind: 'teleport' (session 3)" in out
    assert len(stored(app)) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1700000000, datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)),
        ("1700000000", datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)),
        ("-1.5", datetime(1969, 12, 31, 23, 59, 58, 500000, tzinfo=UTC)),
        ("1e5", datetime(1970, 1, 2, 3, 46, 40, tzinfo=UTC)),
        ("2025-08-01T12:00:00+02:00", datetime(2025, 8, 1, 10, tzinfo=UTC)),
    ],
)
def test_parse_time_reads_iso_and_unix_seconds(value, expected):
    assert parse_time(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0x10", "neither ISO 8601 nor Unix seconds"),
        ("1_000", "neither ISO 8601 nor Unix seconds"),
        ("nan", "neither ISO 8601 nor Unix seconds"),
        ("12:00 tomorrow", "neither ISO 8601 nor Unix seconds"),
        (float("nan"), "out of range for Unix seconds"),
        (10**20, "out of range for Unix seconds"),
        (True, "neither ISO 8601 nor Unix seconds"),
        (None, "neither ISO 8601 nor Unix seconds"),
    ],
)
def test_parse_time_refuses_garbage_with_a_reason(value, message):
    with pytest.raises(ValueError, match=message):
        parse_time(value)


def test_the_report_names_the_stations_it_creates(app, runner, make_folder):
    root = make_folder(
        [
            (1, "p1", "2025-08-01T10:00:00", None, "stopped", "Glovebox Pi"),
            (2, "p1", "2025-08-01T11:00:00", None, "stopped", "bench-2"),
        ]
    )
    with app.app_context():
        db.session.add(Station(id="bench-2", name="Bench 2"))
        db.session.commit()
    out = run_import(runner, root)
    assert "  new stations: glovebox-pi (legacy device 'Glovebox Pi')\n" in out
    assert "the new stations are listed on the live dashboard and in the queue" in out
    assert "legacy device 'bench-2' is recorded under the existing station bench-2" in out
    again = run_import(runner, root)
    assert "new stations" not in again


def test_the_audit_entry_names_the_folder_and_the_counts(app, runner, make_folder):
    root = make_folder(
        [
            (1, "p1", "2025-08-01T10:00:00", "2025-08-01T10:01:00", "finished", "pi"),
            (2, "p1", "2025-08-01T11:00:00", "2025-08-01T10:00:00", "finished", "pi"),
        ],
        SHOWN_ALL,
    )
    run_import(runner, root.parent / ".." / root.parent.name / root.name)
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == ACTION_LEGACY_IMPORT)
        ).one()
        detail = entry.detail_data()
    assert detail == {
        "folder": str(root.resolve()),
        "components": 3,
        "projects": 1,
        "sessions": 1,
        "stations": 1,
        "already_imported": 0,
        "skipped": 1,
    }


def test_the_report_lists_many_ids_readably(app, runner, tmp_path):
    root = tmp_path / "many"
    pins = [4, 5, 6, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26]
    cids = [f"part-{n:03d}" for n in range(len(pins))]
    for cid, pin in zip(cids, pins, strict=True):
        component(root, cid, pin)
    pids = [f"build-{n:03d}" for n in range(120)]
    for pid in pids:
        project(root, pid, cids[:2])
    (root / "projects" / "empty").mkdir()
    out = run_import(runner, root)
    lines = out.splitlines()
    assert all(len(line) <= 100 for line in lines), out
    listing = " ".join(line.strip() for line in lines if not line.startswith("  skipped"))
    assert "components: " + ", ".join(cids) in listing
    assert "projects: " + ", ".join(pids) in listing
    assert "skipped projects/empty: config.json is missing" in out


def test_a_component_imported_without_its_picture_says_why(app, runner, tmp_path):
    root = tmp_path / "tbag"
    component(root, "cathode", 4, ("cathode.png", b"just text, not an image"))
    out = run_import(runner, root)
    assert (
        "  components/cathode imported without its picture: "
        "must be a PNG, JPEG or WebP image (cathode.png)\n" in out
    )
    assert "skipped components/cathode" not in out


def test_imported_sessions_are_counted_per_project(app, runner, make_folder):
    project_root = make_folder(
        [
            (1, "p1", "2025-08-01T10:00:00", "2025-08-01T10:01:00", "finished", "pi"),
            (2, "p1", "2025-08-01T11:00:00", None, "stopped", "pi"),
            (3, "p2", "2025-08-01T12:00:00", None, "stopped", "pi"),
        ],
        SHOWN_ALL,
    )
    project(project_root, "p2", ["cathode"])
    out = run_import(runner, project_root)
    assert "  sessions per project: p1 2, p2 1\n" in out
