"""`flask assembly import-legacy DIR` on a folder in the old tool's format, good and bad items."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from flask import Flask

from assembly.models import (
    AssemblySession,
    Component,
    ComponentImage,
    Project,
    Station,
    StepEvent,
)
from assembly.records.legacy.report import DRY_RUN_PREFIX
from core.audit import AuditEntry
from core.auth.models import User
from core.extensions import db
from tests.fixtures.images import image_bytes

PNG = image_bytes("PNG")


def component(root: Path, cid: str, gpio: object, image: tuple[str, bytes] | None = None) -> None:
    folder = root / "components" / cid
    folder.mkdir(parents=True)
    config = {"name": cid.title(), "gpio": gpio, "image": image[0] if image else ""}
    (folder / "config.json").write_text(json.dumps(config))
    if image:
        (folder / image[0]).write_bytes(image[1])


def project(root: Path, pid: str, comps: list[str]) -> None:
    folder = root / "projects" / pid
    folder.mkdir(parents=True)
    sequence = [{"comp": comp, "label": f"Place {comp}"} for comp in comps]
    (folder / "config.json").write_text(json.dumps({"name": pid.upper(), "sequence": sequence}))


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    root = tmp_path / "tbag"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "config.json").write_text(json.dumps({"name": "Evil", "gpio": 5}))
    component(root, "anode", 17, ("anode.png", PNG))
    component(root, "cathode", 4, ("cathode.png", b"just text, not an image"))
    component(root, "heater", 2)  # I2C SDA: unsafe for an LED
    (root / "components" / "linked").symlink_to(outside)
    project(root, "p1", ["anode", "cathode"])
    project(root, "p2", ["anode", "../evil"])
    project(root, "p3", ["anode", "heater"])
    with sqlite3.connect(root / "events.db") as con:
        con.execute("CREATE TABLE sessions(id, project, started, ended, status, device)")
        con.execute("CREATE TABLE events(session_id, step, comp, ts, kind)")
        con.execute("CREATE TABLE settings(key, value)")
        con.executemany(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?)",
            [
                (1, "p1", "2025-08-01T10:00:00", "2025-08-01T10:01:00", "finished", "glovebox-pi"),
                (2, "p1", 1754042400, None, "stopped", "glovebox-pi"),
                (3, "p2", "2025-08-01T12:00:00", None, "finished", "glovebox-pi"),
            ],
        )
        con.executemany(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?)",
            [
                (1, 0, "anode", "2025-08-01T10:00:00", "shown"),
                (1, 1, "cathode", "2025-08-01T10:00:20", "shown"),
                (1, 1, "cathode", "2025-08-01T10:00:50", "review"),
                (1, 1, "cathode", "2025-08-01T10:01:00", "finish"),
                (2, 0, "anode", 1754042400, "shown"),
                (2, 0, "anode", 1754042409, "abort"),
                (2, 0, "anode", 1754042409, "teleport"),
            ],
        )
    con.close()
    return root


def counts(app: Flask) -> tuple[int, int, int, int]:
    with app.app_context():
        return tuple(
            db.session.query(model).count()
            for model in (Component, Project, AssemblySession, StepEvent)
        )


def test_import_reports_imported_and_skipped(app, runner, legacy):
    result = runner.invoke(args=["assembly", "import-legacy", str(legacy)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("imported 2 components, 1 project, 2 sessions; skipped:")
    assert "already imported" not in out
    assert "components/heater: GPIO 2 is reserved" in out
    assert "components/linked: points outside DIR" in out
    assert "  components: anode, cathode\n" in out
    assert (
        "  components/cathode imported without its picture: "
        "must be a PNG, JPEG or WebP image (cathode.png)\n" in out
    )
    assert "  projects: p1\n  sessions per project: p1 2\n" in out
    assert "  new stations: glovebox-pi (legacy device 'glovebox-pi')\n" in out
    assert "projects/p2: step 2 names no valid component id ('../evil')" in out
    assert "projects/p3: names a component not imported: heater" in out
    assert "events.db table settings: not part of the expected layout" in out
    assert "events.db session 3: project 'p2' not imported" in out
    assert "events.db events: 1 row with an unknown kind: 'teleport' (session 2)" in out
    assert 'new, inactive operator account "legacy-import"' in out
    assert counts(app) == (2, 1, 2, 6)
    with app.app_context():
        anode = db.session.get(Component, "anode")
        assert anode.gpio_pin == 17
        assert anode.image.endswith(".png")
        assert db.session.get(ComponentImage, anode.image).data == PNG
        assert db.session.get(Component, "cathode").image is None
        operator = db.session.query(User).filter_by(username="legacy-import").one()
        assert (operator.role, operator.active) == ("operator", False)
        runs = db.session.query(AssemblySession).order_by(AssemblySession.id).all()
        assert [(r.status, r.station_id, r.abort_step) for r in runs] == [
            ("finished", "glovebox-pi", None),
            ("aborted", "glovebox-pi", 0),
        ]
        assert (runs[0].ended_at - runs[0].started_at).total_seconds() == 60


def test_imported_sessions_show_on_the_pages(app, client, login, runner, legacy):
    runner.invoke(args=["assembly", "import-legacy", str(legacy)])
    login("viewer")
    page = client.get("/assembly/sessions?station=glovebox-pi").get_data(as_text=True)
    assert page.count("data-session-id=") == 2


def test_dry_run_changes_nothing(app, runner, legacy):
    before = counts(app)
    result = runner.invoke(args=["assembly", "import-legacy", str(legacy), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("DRY RUN, nothing written: would have imported 2 components")
    assert counts(app) == before
    with app.app_context():
        assert db.session.query(ComponentImage).count() == 0
        assert db.session.query(User).filter_by(username="legacy-import").count() == 0
        assert db.session.query(Station).count() == 0
        assert db.session.query(AuditEntry).count() == 0
    real = runner.invoke(args=["assembly", "import-legacy", str(legacy)])
    assert result.output == DRY_RUN_PREFIX + real.output


def test_second_import_reports_already_imported(app, runner, legacy):
    runner.invoke(args=["assembly", "import-legacy", str(legacy)])
    before = counts(app)
    result = runner.invoke(args=["assembly", "import-legacy", str(legacy)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("imported 0 components, 0 projects, 0 sessions; already imported: 5;")
    assert "already imported components/anode (as anode, GPIO 17)" in out
    assert "already imported components/cathode (as cathode, GPIO 4)" in out
    assert "already imported projects/p1 (as p1 v1)" in out
    assert "already imported events.db session 1" in out
    assert "already imported events.db session 2" in out
    assert "already used by" not in out
    assert "not imported: anode" not in out
    assert "project 'p1' not imported" not in out
    assert counts(app) == before


def test_new_sessions_join_an_earlier_import(app, runner, legacy):
    runner.invoke(args=["assembly", "import-legacy", str(legacy)])
    with sqlite3.connect(legacy / "events.db") as con:
        con.execute(
            "INSERT INTO sessions VALUES (4, 'p1', '2025-08-02T09:00:00', "
            "'2025-08-02T09:01:00', 'done', 'glovebox-pi')"
        )
        con.execute("INSERT INTO events VALUES (4, 0, 'anode', '2025-08-02T09:00:00', 'shown')")
        con.execute("INSERT INTO events VALUES (4, 1, 'cathode', '2025-08-02T09:00:30', 'done')")
    con.close()
    result = runner.invoke(args=["assembly", "import-legacy", str(legacy)])
    assert result.output.startswith("imported 0 components, 0 projects, 1 session;")
    assert counts(app)[:3] == (2, 1, 3)
    with app.app_context():
        versions = {run.project_version_id for run in db.session.query(AssemblySession)}
        assert len(versions) == 1


def test_a_different_component_on_the_pin_is_still_refused(app, runner, legacy, make_project):
    make_project()  # adds the component "electrolyte" on a pin of its own
    with app.app_context():
        pin = db.session.get(Component, "electrolyte").gpio_pin
    component(legacy, "sensor", pin)
    result = runner.invoke(args=["assembly", "import-legacy", str(legacy)])
    out = result.output
    assert f"skipped components/sensor: GPIO {pin} already used by electrolyte" in out
    # The same name on the same pin is taken to be that component.
    assert "already imported components/anode (as anode, GPIO 17)" in out


def test_missing_folder_is_refused(runner, tmp_path):
    result = runner.invoke(args=["assembly", "import-legacy", str(tmp_path / "nope")])
    assert result.exit_code == 2


def test_help_keeps_the_layout_lines(runner):
    result = runner.invoke(args=["assembly", "import-legacy", "--help"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    layout = [
        line.strip() for line in lines if line.strip().startswith(("DIR/", "sessions(", "events("))
    ]
    assert [line.split()[0] for line in layout] == [
        "DIR/components/<cid>/config.json",
        "DIR/components/<cid>/<file",
        "DIR/projects/<pid>/config.json",
        "DIR/events.db",
        "sessions(id",
        "events(session_id",
    ]
    assert "\b" not in result.output
