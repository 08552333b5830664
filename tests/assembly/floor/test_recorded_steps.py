"""A running session shows and follows the steps it recorded; only picture and LED pin stay live."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from gpiozero.pins.mock import MockFactory

from assembly import signals
from assembly.catalogue.services import set_component_image, update_component
from assembly.floor import progress
from assembly.models import Component
from core.audit import system_actor
from core.extensions import db
from tests.assembly.floor.helpers import at
from tests.fixtures.auth import csrf_token
from tests.fixtures.images import image_bytes

API = "/api/v1/assembly"
MK2 = {"name": "Insulator disc Mk2", "colour": "#000000", "target_seconds": 20, "critical": True}


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory(ASSEMBLY_MIN_STEP_S=0)


def post(client: FlaskClient, url: str, body: object = None):
    return client.post(url, json=body, headers={"X-CSRFToken": csrf_token(client)})


def edit_cathode(app: Flask, **changes: object) -> str | None:
    """Change the cathode in the catalogue and give it a new picture; return the picture's name."""
    with app.app_context():
        actor = system_actor("tests")
        pin = app.config["FOOT_SWITCH_PIN"]
        update_component(db.session, "cathode", changes, foot_switch_pin=pin, actor=actor)
        picture = io.BytesIO(image_bytes("PNG"))
        set_component_image(db.session, "cathode", picture, actor=actor)
        return db.session.get(Component, "cathode").image


def test_the_kiosk_json_of_a_running_session_shows_the_steps_it_recorded(
    app: Flask, client: FlaskClient, login, make_project, make_job
) -> None:
    job_id = make_job(make_project(("anode", "cathode")).version_id)
    login("operator")
    sid = post(client, f"{API}/sessions", {"job_id": job_id}).get_json()["session"]["id"]
    picture = edit_cathode(app, **MK2)
    shown = client.get(f"{API}/sessions/current").get_json()["session"]["steps"][1]
    assert {key: shown[key] for key in ("name", "colour", "target_seconds", "critical")} == {
        "name": "Cathode",
        "colour": "#1d4ed8",
        "target_seconds": 30,
        "critical": False,
    }
    assert (shown["label"], shown["note"]) == ("Place cathode", "")
    assert shown["image_url"] == f"/assembly/components/images/{picture}"  # the picture is live
    pushed = post(client, f"{API}/sessions/{sid}/progress", {"action": "next", "step": 0})
    assert pushed.get_json()["session"]["steps"][1]["name"] == "Cathode"
    # The recorded flag rules: the step was not critical when the session started, so no prompt.
    review = post(client, f"{API}/sessions/{sid}/progress", {"action": "next", "step": 1})
    assert (review.get_json()["prompt"], review.get_json()["session"]["status"]) == (None, "review")
    detail = client.get(f"{API}/sessions/{sid}").get_json()["session"]["steps"][1]
    assert (detail["name"], detail["target_seconds"]) == ("Cathode", 30)


def test_a_session_started_after_an_edit_shows_and_prompts_the_new_values(
    app: Flask, client: FlaskClient, login, make_project, make_job
) -> None:
    job_id = make_job(make_project(("anode", "cathode")).version_id)
    edit_cathode(app, **MK2)
    login("operator")
    started = post(client, f"{API}/sessions", {"job_id": job_id}).get_json()["session"]
    shown = started["steps"][1]
    assert (shown["name"], shown["colour"], shown["target_seconds"], shown["critical"]) == (
        "Insulator disc Mk2",
        "#000000",
        20,
        True,
    )
    url = f"{API}/sessions/{started['id']}/progress"
    post(client, url, {"action": "next", "step": 0})
    assert post(client, url, {"action": "next", "step": 1}).get_json()["prompt"] == "confirm"


def test_the_led_follows_the_components_live_pin(
    app: Flask, mock_pins: MockFactory, running
) -> None:
    sid, operator = running
    with app.app_context():
        db.session.get(Component, "cathode").gpio_pin = 5  # rewired while the session runs
        db.session.commit()
        signals.components_changed.send(app)
        progress(db.session, sid, "next", 0, operator, app.config["DEVICE_ID"], at(2))
    assert mock_pins.pin(5).state
