"""A session's record shows the steps it ran; catalogue edits made later reach new sessions only."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from assembly.floor import progress, start
from assembly.models import Project, ProjectStep
from assembly.records import queries, timeline
from core.auth.models import User
from core.extensions import db
from tests.fixtures.assembly_sessions import T0
from tests.fixtures.auth import csrf_token

RENAMED = "Stack A Mk2"
API = "/api/v1/assembly"
DAY = T0.date()
NEXT_DAY = DAY + timedelta(days=1)
MK2 = {"name": "Insulator disc Mk2", "colour": "#000000", "target_seconds": 20, "critical": True}


@pytest.fixture
def app(any_db_app: Flask) -> Flask:
    return any_db_app


@pytest.fixture
def ran(app, make_project, make_job, user_factory) -> dict[str, Any]:
    """On DAY, through the kiosk's service: one session finished, one aborted at step 2."""
    made = make_project(target_seconds=2)
    operator = user_factory("operator")
    finished = kiosk_run(app, make_job(made.version_id), operator, DAY, abort_at=None)
    aborted = kiosk_run(app, make_job(made.version_id, stack_id="S-2"), operator, DAY, abort_at=1)
    return {"project": made.project_id, "operator": operator, "ids": (finished, aborted)}


def kiosk_run(app: Flask, job_id: int, operator: User, day: date, *, abort_at: int | None) -> int:
    """Run a job's unit through start and progress: steps of 5.856 s, then finish (or abort)."""
    station = app.config["DEVICE_ID"]
    moment = T0 + (day - DAY)
    with app.app_context():
        outcome = start(db.session, job_id, operator, station, now=moment)
        sid, steps = outcome.session.id, len(outcome.state["steps"])
        for step in range(steps + 1):
            moment += timedelta(seconds=5.856)
            action = "abort" if step == abort_at else "finish" if step == steps else "next"
            pressed = progress(db.session, sid, action, step, operator, station, moment)
            if pressed.prompt == "confirm":  # a critical step: the confirming second press
                moment += timedelta(seconds=1)
                progress(db.session, sid, action, step, operator, station, moment)
            if action == "abort":
                break
    return sid


def record(app: Flask, client: FlaskClient, session_id: int) -> dict[str, Any]:
    """Return all a reader sees of one session: timeline, summary, exports, page, analytics."""
    with app.app_context():
        row = queries.get_session_row(db.session, session_id)
        timings = timeline.timeline(db.session, row)
        summary = timeline.summary(row, timings)
    csv = client.get(f"/assembly/sessions/{session_id}/export.csv").get_data(as_text=True)
    xlsx = client.get(f"/assembly/sessions/{session_id}/export.xlsx")
    sheets = load_workbook(io.BytesIO(xlsx.data))
    xlsx.close()
    page = client.get(f"/assembly/sessions/{session_id}").get_data(as_text=True)
    table = page.index("<table data-timeline>")
    analytics = client.get(f"{API}/analytics?date_from={DAY}&date_to={DAY}").get_json()
    return {
        "timeline": timings,
        "summary": summary,
        "steps_total": row.steps_total,
        "csv": csv,
        "xlsx": {sheet.title: list(sheet.values) for sheet in sheets},
        "page_timeline": page[table : page.index("</table>", table)],
        "analytics": analytics,
    }


def edit_catalogue(client: FlaskClient, login, project_id: str) -> None:
    """As a supervisor, through the API: change the cathode, rename the project and relabel
    step 2 (a new version)."""
    login("supervisor")
    headers = {"X-CSRFToken": csrf_token(client)}
    assert client.patch(f"{API}/components/cathode", json=MK2, headers=headers).status_code == 200
    renamed = client.patch(f"{API}/projects/{project_id}", json={"name": RENAMED}, headers=headers)
    assert renamed.status_code == 200
    steps = [
        {"component_id": "anode", "label": "Place anode"},
        {"component_id": "cathode", "label": "Seat the Mk2 disc", "note": "flat side down"},
        {"component_id": "electrolyte", "label": "Place electrolyte"},
    ]
    put = client.put(f"{API}/projects/{project_id}/steps", json={"steps": steps}, headers=headers)
    assert put.status_code == 200


def test_catalogue_edits_leave_the_records_of_sessions_that_ran_unchanged(
    app, client, login, ran
) -> None:
    login("viewer")
    before = [record(app, client, sid) for sid in ran["ids"]]
    cathode = before[0]["timeline"][1]
    assert (cathode.component_name, cathode.target_s, cathode.delta_s) == ("Cathode", 2, 3.856)
    assert before[1]["summary"].abort_component == "Cathode"
    assert "2,Cathode,cathode,Place cathode" in before[0]["csv"]
    aborts = before[0]["analytics"]["projects"][0]["aborts_at"]
    assert [(a["index"], a["label"]) for a in aborts] == [(1, "Cathode")]
    edit_catalogue(client, login, ran["project"])
    login("viewer")
    after = [record(app, client, sid) for sid in ran["ids"]]
    assert after == before
    assert "Stack A (stack-a) v1" in after[0]["csv"]  # the name it ran under
    found = client.get(f"/assembly/sessions?q={RENAMED}").get_data(as_text=True)
    assert found.count("data-session-id=") == 2  # still found by the project's new name
    recorded = after[0]["timeline"][1]
    assert (recorded.colour, recorded.critical) == ("#1d4ed8", False)


def test_a_session_started_after_the_edits_runs_and_records_the_new_values(
    app, client, login, ran, make_job
) -> None:
    edit_catalogue(client, login, ran["project"])
    with app.app_context():
        latest = db.session.get(Project, ran["project"]).latest.id
    new = kiosk_run(app, make_job(latest, stack_id="S-3"), ran["operator"], NEXT_DAY, abort_at=None)
    login("viewer")
    old = record(app, client, ran["ids"][0])["timeline"][1]
    assert (old.component_name, old.target_s, old.label) == ("Cathode", 2, "Place cathode")
    cathode = record(app, client, new)["timeline"][1]
    assert (cathode.component_name, cathode.colour, cathode.critical) == (
        "Insulator disc Mk2",
        "#000000",
        True,
    )
    assert (cathode.label, cathode.note, cathode.target_s) == (
        "Seat the Mk2 disc",
        "flat side down",
        20,
    )
    assert cathode.confirmations == 1  # confirmed after the prompt its critical flag asked for
    assert f"{RENAMED} (stack-a) v2" in record(app, client, new)["csv"]


def test_a_step_rewritten_in_place_leaves_the_record_alone(
    app, client, login, make_project, make_job, user_factory
) -> None:
    """The catalogue freezes a used version; a fix made by hand to its rows must not reach it."""
    made = make_project(target_seconds=2)
    operator = user_factory("operator")
    first = kiosk_run(app, make_job(made.version_id), operator, DAY, abort_at=None)
    login("viewer")
    before = record(app, client, first)
    with app.app_context():
        step = db.session.scalars(
            select(ProjectStep).where(
                ProjectStep.version_id == made.version_id, ProjectStep.position == 1
            )
        ).one()
        step.label, step.note = "Relabelled by hand", "a note added later"
        db.session.commit()
    assert record(app, client, first) == before
    again = kiosk_run(
        app, make_job(made.version_id, stack_id="S-2"), operator, NEXT_DAY, abort_at=None
    )
    relabelled = record(app, client, again)["timeline"][1]
    assert (relabelled.label, relabelled.note) == ("Relabelled by hand", "a note added later")
