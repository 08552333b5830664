"""The shop-floor JSON API and kiosk page: who may do what, 409 on stale presses, live pushes."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assembly.floor import add_job, ensure_station, start
from core.audit import system_actor
from core.extensions import db
from tests.fixtures.auth import csrf_token

API = "/api/v1/assembly"


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory(ASSEMBLY_MIN_STEP_S=0)


def post(client: FlaskClient, url: str, body: object = None):
    return client.post(url, json=body, headers={"X-CSRFToken": csrf_token(client)})


def test_kiosk_sends_signed_out_visitors_to_badge_sign_in(
    client: FlaskClient, login, user_factory
) -> None:
    user_factory("admin")  # setup is done
    response = client.get("/assembly/kiosk")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert (location.path, parse_qs(location.query)) == (
        "/kiosk/login",
        {"next": ["/assembly/kiosk"]},
    )
    login("viewer")
    assert client.get("/assembly/kiosk").status_code == 403


def test_an_operator_runs_a_session_through_the_api(
    client: FlaskClient, login, make_project, make_job
) -> None:
    job_id = make_job(make_project(("anode", "cathode")).version_id)
    login("operator")
    current = client.get(f"{API}/sessions/current").get_json()
    assert current["session"] is None
    assert [job["id"] for job in current["queue"]] == [job_id]
    started = post(client, f"{API}/sessions", {"job_id": job_id})
    assert started.status_code == 201
    sid = started.get_json()["session"]["id"]
    url = f"{API}/sessions/{sid}/progress"
    assert (
        post(client, url, {"action": "next", "step": 0}).get_json()["session"]["current_step"] == 1
    )
    stale = post(client, url, {"action": "next", "step": 0})
    assert stale.status_code == 409
    assert stale.get_json()["error"].startswith("That press was for step 1")
    assert stale.get_json()["fields"]["step"]
    assert stale.get_json()["code"] == "stale_step"
    bad = post(client, url, {"action": "skip", "step": 1})
    assert bad.status_code == 422
    assert "action" in bad.get_json()["fields"]
    assert "code" not in bad.get_json()
    assert (
        post(client, url, {"action": "next", "step": 1}).get_json()["session"]["status"] == "review"
    )
    assert client.get(f"{API}/sessions/current").get_json()["session"]["status"] == "review"
    done = post(client, url, {"action": "finish", "step": 2}).get_json()["session"]
    assert done["status"] == "finished"
    assert client.get(f"{API}/sessions/current").get_json()["session"] is None


def test_a_press_inside_the_minimum_dwell_is_refused_with_its_code(
    app: Flask, client: FlaskClient, login, make_project, make_job
) -> None:
    """The kiosk ignores a pedal bounce by this code, whatever words the refusal uses."""
    app.config["ASSEMBLY_MIN_STEP_S"] = 60
    job_id = make_job(make_project(("anode", "cathode")).version_id)
    login("operator")
    sid = post(client, f"{API}/sessions", {"job_id": job_id}).get_json()["session"]["id"]
    bounce = post(client, f"{API}/sessions/{sid}/progress", {"action": "next", "step": 0})
    assert bounce.status_code == 409
    assert bounce.get_json()["code"] == "too_soon"
    assert bounce.get_json()["fields"] == {"step": "Pressed again too soon."}


def test_an_abort_records_how_it_was_made(
    client: FlaskClient, login, make_project, make_job
) -> None:
    version = make_project(("anode", "cathode")).version_id
    login("operator")
    reasons = []
    for body in ({"reason": "button"}, {"reason": "hold"}, {}):
        sid = post(client, f"{API}/sessions", {"job_id": make_job(version)}).get_json()["session"]
        url = f"{API}/sessions/{sid['id']}/progress"
        wrong = post(client, url, {"action": "next", "step": 0, "reason": "hold"})
        assert wrong.status_code == 422
        assert "abort" in wrong.get_json()["fields"]["reason"]
        unknown = post(client, url, {"action": "abort", "step": 0, "reason": "tired"})
        assert "reason" in unknown.get_json()["fields"]
        aborted = post(client, url, {"action": "abort", "step": 0, **body}).get_json()["session"]
        reasons.append(aborted["abort_reason"])
    assert reasons == ["button", "hold", "api"]


def test_others_may_not_press_for_the_operator(
    app: Flask, client: FlaskClient, login, user_factory, make_project, make_job
) -> None:
    version = make_project().version_id
    owner, colleague = user_factory("operator"), user_factory("operator")
    with app.app_context():
        here = start(db.session, make_job(version), owner, app.config["DEVICE_ID"]).session.id
        there = start(
            db.session, make_job(version, station_id="station-2"), colleague, "station-2"
        ).session.id
    body = {"action": "next", "step": 0}
    assert post(client, f"{API}/sessions/{here}/progress", body).status_code == 401
    login("viewer")
    assert post(client, f"{API}/sessions/{here}/progress", body).status_code == 403
    login("operator")  # another operator at this kiosk
    refused = post(client, f"{API}/sessions/{here}/progress", body)
    assert refused.status_code == 403
    assert "another operator" in refused.get_json()["error"]
    other_station = post(client, f"{API}/sessions/{there}/progress", body)
    assert other_station.status_code == 403
    assert post(client, f"{API}/sessions/{here}/abort", {"reason": "x"}).status_code == 403


def test_a_job_of_another_station_cannot_start_here(
    client: FlaskClient, login, make_project, make_job
) -> None:
    job_id = make_job(make_project().version_id, station_id="station-2")
    login("operator")
    refused = post(client, f"{API}/sessions", {"job_id": job_id})
    assert refused.status_code == 403
    assert "station-2" in refused.get_json()["error"]


def test_supervisor_manages_the_queue_and_force_aborts(
    app: Flask, client: FlaskClient, login, user_factory, make_project, make_job
) -> None:
    version = make_project().version_id
    login("supervisor")
    made = [post(client, f"{API}/jobs", {"version_id": version, "stack_id": name}) for name in "AB"]
    assert [response.status_code for response in made] == [201, 201]
    a, b = (response.get_json()["id"] for response in made)
    bad = post(client, f"{API}/jobs", {"version_id": version, "stack_id": "C", "colour": 1})
    assert bad.status_code == 422
    assert "colour" in bad.get_json()["fields"]
    reordered = post(client, f"{API}/jobs/reorder", {"ids": [b, a]})
    assert [job["id"] for job in reordered.get_json()] == [b, a]
    assert post(client, f"{API}/jobs/{b}/cancel").get_json()["state"] == "cancelled"
    assert post(client, f"{API}/jobs/{b}/cancel").status_code == 409
    listed = client.get(f"{API}/jobs").get_json()
    assert [job["id"] for job in listed] == [a]
    with app.app_context():
        sid = start(db.session, a, user_factory("operator"), app.config["DEVICE_ID"]).session.id
    stations = client.get(f"{API}/stations").get_json()
    assert stations[0]["session"]["id"] == sid
    assert post(client, f"{API}/sessions/{sid}/abort", {"reason": ""}).status_code == 422
    aborted = post(client, f"{API}/sessions/{sid}/abort", {"reason": "<b>stuck</b>"})
    assert aborted.get_json()["session"]["abort_reason"] == "<b>stuck</b>"


def test_every_change_is_pushed_to_the_station_room(
    app: Flask, client: FlaskClient, login, make_project, make_job, socketio_client
) -> None:
    job_id = make_job(make_project().version_id)
    login("operator")
    kiosk = socketio_client("/assembly")
    kiosk.emit("join", {"room": f"station:{app.config['DEVICE_ID']}"}, namespace="/assembly")
    sid = post(client, f"{API}/sessions", {"job_id": job_id}).get_json()["session"]["id"]
    post(client, f"{API}/sessions/{sid}/progress", {"action": "next", "step": 0})
    pushed = [
        (item["name"], item["args"][0].get("current_step"))
        for item in kiosk.get_received("/assembly")
    ]
    assert ("session", 0) in pushed
    assert ("session", 1) in pushed
    assert ("queue", None) in pushed


@pytest.mark.parametrize(
    ("field", "value"), [("version_id", "1"), ("priority", True), ("quantity", 1.5)]
)
def test_a_job_with_a_wrongly_typed_field_is_refused_naming_it(
    client: FlaskClient, login, make_project, field: str, value: object
) -> None:
    made = make_project()
    login("supervisor")
    body = {"version_id": made.version_id, "stack_id": "S-9", "quantity": 1} | {field: value}
    refused = post(client, f"{API}/jobs", body)
    assert refused.status_code == 422
    assert field in refused.get_json()["fields"]
    assert client.get(f"{API}/jobs").get_json() == []


def test_the_project_api_gives_the_version_id_a_job_needs(
    client: FlaskClient, login, make_project
) -> None:
    made = make_project()
    login("supervisor")
    project = client.get(f"{API}/projects/{made.project_id}").get_json()
    version_id = project["latest"]["id"]
    assert version_id == made.version_id
    created = post(client, f"{API}/jobs", {"version_id": version_id, "stack_id": "S-1"})
    assert created.status_code == 201


def test_a_session_is_readable_by_id_and_an_operator_sees_only_this_station(
    app: Flask, client: FlaskClient, login, user_factory, make_project, make_job
) -> None:
    version = make_project().version_id
    here, there = make_job(version), make_job(version, station_id="other-box")
    with app.app_context():
        ours = start(db.session, here, user_factory("operator"), app.config["DEVICE_ID"])
        theirs = start(db.session, there, user_factory("operator"), "other-box")
        ids = ours.session.id, theirs.session.id
    login("operator")
    mine = client.get(f"{API}/sessions/{ids[0]}")
    assert mine.status_code == 200
    assert mine.get_json()["session"]["current_step"] == 0
    assert client.get(f"{API}/sessions/{ids[1]}").status_code == 404
    assert client.get(f"{API}/sessions/999999").status_code == 404
    login("viewer")
    assert client.get(f"{API}/sessions/{ids[1]}").get_json()["session"]["station_id"] == "other-box"


def test_an_operator_may_follow_only_this_stations_room(
    app: Flask, client: FlaskClient, login, make_project, socketio_client
) -> None:
    version = make_project().version_id
    login("operator")
    kiosk = socketio_client("/assembly")

    def join(room: str) -> bool:
        return kiosk.emit("join", {"room": room}, namespace="/assembly", callback=True)

    assert join("station:other-box") is False
    assert join("stations") is False
    assert join(f"station:{app.config['DEVICE_ID']}") is True
    login("viewer")
    viewer = socketio_client("/assembly")  # readers follow every station from the start
    kiosk.get_received("/assembly")
    with app.app_context():
        ensure_station(db.session, "other-box")
        add_job(db.session, version, "other-box", "THEIRS", actor=system_actor("tests"))
    assert [item["name"] for item in viewer.get_received("/assembly")] == ["queue"]
    assert kiosk.get_received("/assembly") == []


def test_queue_entries_count_the_units_done(
    app: Flask, client: FlaskClient, login, make_project, make_job, make_session, user_factory
) -> None:
    job = make_job(make_project().version_id, quantity=3)
    make_session(job, user_factory("operator").id)
    login("operator")
    (entry,) = client.get(f"{API}/sessions/current").get_json()["queue"]
    assert (entry["quantity"], entry["units_done"]) == (3, 1)
