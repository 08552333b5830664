"""How the `import-legacy` report words its counts, and what it says of project pictures."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from assembly.models import Project
from core.extensions import db
from tests.assembly.records import test_legacy_checks
from tests.assembly.records.test_legacy import PNG, component, project
from tests.assembly.records.test_legacy_checks import SHOWN_ALL, run_import

make_folder = test_legacy_checks.make_folder  # the fixture: project p1 of three steps

PICTURE_NOTE = "  skipped projects/{} picture not imported: ShopTwin projects have no picture\n"


def test_counts_of_one_are_singular(app, runner, tmp_path):
    root = tmp_path / "tbag"
    component(root, "anode", 17)
    project(root, "p1", ["anode"])
    project(root, "p2", ["nosuch"])
    with sqlite3.connect(root / "events.db") as con:
        con.execute("CREATE TABLE sessions(id, project, started, ended, status, device)")
        con.execute("CREATE TABLE events(session_id, step, comp, ts)")
        con.execute("INSERT INTO sessions VALUES (1, 'p1', '2025-08-01T10:00:00', '', 'x', 'pi')")
    con.close()
    out = run_import(runner, root)
    assert out.startswith("imported 1 component, 1 project, 1 session; skipped: 2\n")
    assert "skipped events.db table events: missing column kind\n" in out
    assert "skipped projects/p2: names a component not imported: nosuch\n" in out


def test_event_rows_of_unknown_sessions_are_counted_in_words(app, runner, make_folder):
    one = [(1, "p1", "2025-08-01T10:00:00", "2025-08-01T10:01:00", "finished", "pi")]
    root = make_folder(one, [*SHOWN_ALL, (9, 0, "anode", "2025-08-01T10:00:00", "shown")])
    assert "skipped events.db events: 1 row of a session not imported or unknown\n" in (
        run_import(runner, root)
    )
    with sqlite3.connect(root / "events.db") as con:
        con.execute("INSERT INTO events VALUES (8, 0, 'anode', '2025-08-01T10:00:00', 'shown')")
    con.close()
    assert "skipped events.db events: 2 rows of sessions not imported or unknown\n" in (
        run_import(runner, root)
    )


def test_a_project_picture_is_reported_once_per_project(app, runner, make_folder):
    root = make_folder([])
    (root / "projects" / "p1" / "overview.PNG").write_bytes(PNG)
    (root / "projects" / "p1" / "side.jpg").write_bytes(PNG)
    project(root, "p2", ["anode"])
    config = root / "projects" / "p2" / "config.json"
    config.write_text(json.dumps({**json.loads(config.read_text()), "image": "p2.png"}))
    project(root, "p3", ["cathode"])
    (root / "projects" / "p3" / "notes.txt").write_text("no picture here")
    out = run_import(runner, root, "--dry-run")
    assert out.count(PICTURE_NOTE.format("p1")) == 1
    assert out.count(PICTURE_NOTE.format("p2")) == 1
    assert "projects/p3 picture" not in out
    assert "imported 3 components, 3 projects, 0 sessions; skipped: 2\n" in out
    assert run_import(runner, root) == out.removeprefix("DRY RUN, nothing written: would have ")
    with app.app_context():
        assert db.session.query(Project).count() == 3


def test_a_skipped_project_does_not_report_its_picture(app, runner, tmp_path: Path):
    root = tmp_path / "tbag"
    component(root, "anode", 17)
    project(root, "p1", ["anode"])
    (root / "projects" / "p1" / "config.json").write_text("{not json")
    (root / "projects" / "p1" / "overview.png").write_bytes(PNG)
    out = run_import(runner, root)
    assert "skipped projects/p1: config.json is not valid JSON" in out
    assert "picture" not in out
