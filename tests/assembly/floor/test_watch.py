"""The station watch: Pis sharing one database follow each other's changes within a tick."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from gpiozero.pins.mock import MockFactory

from assembly.floor import add_job, effects, ensure_station, force_abort, progress, start
from assembly.floor.watch import JOB_NAME, follow
from assembly.models import Component
from core.audit import system_actor
from core.clock import get_clock
from core.extensions import db
from tests.assembly.floor.helpers import PINS, lit
from tests.fixtures.database import build_app

Push = tuple[str, dict, str]


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory(ASSEMBLY_MIN_STEP_S=0)


@pytest.fixture
def pushed(monkeypatch) -> list[Push]:
    """Collect what the apps push: both share the global socketio object."""
    pushes: list[Push] = []
    monkeypatch.setattr(effects, "_emit", lambda *push: pushes.append(push))
    return pushes


@pytest.fixture
def other_pi(app: Flask) -> Iterator[Flask]:
    """Another Pi's app, "pi-2", on the same database."""
    other = build_app(
        Path(app.instance_path),
        app.config["SQLALCHEMY_DATABASE_URI"],
        DEVICE_ID="pi-2",
        ASSEMBLY_MIN_STEP_S=0,
    )
    yield other
    with other.app_context():
        db.engine.dispose()


def look(app: Flask) -> None:
    with app.app_context():
        follow(app)


def test_a_force_abort_from_another_pi_turns_this_stations_leds_off(
    app: Flask, mock_pins: MockFactory, running, user_factory, make_project, pushed, other_pi
) -> None:
    sid, _operator = running
    station = app.config["DEVICE_ID"]
    version = make_project(project_id="next").version_id
    with other_pi.app_context():
        force_abort(db.session, sid, "stuck glove port", user_factory("supervisor"), "web:pi-2")
        add_job(db.session, version, station, "NEXT", actor=system_actor("tests"))
    assert lit(mock_pins) == {"anode"}  # nothing on the other Pi reaches these pins
    pushed.clear()  # what the other Pi pushed to its own browsers
    look(app)
    assert lit(mock_pins) == set()
    look(app)  # a second look finds nothing new to push
    sessions = [data["status"] for event, data, to in pushed if event == "session"]
    queues = [data["jobs"] for event, data, to in pushed if event == "queue"]
    assert {to for _event, _data, to in pushed} == {station}
    assert sessions == ["aborted"]
    assert len(queues) == 1
    assert [job["stack_id"] for job in queues[0]] == ["S-1", "NEXT"]


def test_a_pin_changed_on_another_pi_moves_this_stations_led(
    app: Flask, mock_pins: MockFactory, running, other_pi
) -> None:
    """The catalogue is shared: a supervisor on pi-2 rewires the anode; this Pi follows."""
    with other_pi.app_context():
        db.session.get(Component, "anode").gpio_pin = 13
        db.session.commit()
    assert mock_pins.pin(PINS["anode"]).state  # pi-2's signal never reaches this process
    look(app)
    assert mock_pins.pin(13).state
    assert not mock_pins.pin(PINS["anode"]).state
    assert lit(mock_pins) == set()  # the helper knows the old pins only: none of them is lit


def test_another_pis_station_is_pushed_to_this_pis_pages_without_a_message_queue(
    app: Flask, mock_pins: MockFactory, running, user_factory, make_project, pushed, other_pi
) -> None:
    version = make_project(project_id="theirs").version_id
    with other_pi.app_context():
        ensure_station(db.session, "pi-2")
        db.session.commit()
        job = add_job(db.session, version, "pi-2", "THEIRS", actor=system_actor("tests"))
        operator = user_factory("operator")
        run_id = start(db.session, job.id, operator, "pi-2").session.id
    look(app)  # what this Pi had not pushed of pi-2 yet
    with other_pi.app_context():
        progress(db.session, run_id, "next", 0, operator, "pi-2")
    pushed.clear()  # what the other Pi pushed to its own browsers
    look(app)
    steps = [(d["station_id"], d["current_step"]) for e, d, _to in pushed if e == "session"]
    assert steps == [("pi-2", 1)]
    assert lit(mock_pins) == {"anode"}  # this Pi's LEDs show only its own station
    app.config["SOCKETIO_MESSAGE_QUEUE"] = "redis://127.0.0.1:6379/0"  # pushes arrive by it
    with other_pi.app_context():
        progress(db.session, run_id, "next", 1, operator, "pi-2")
    pushed.clear()
    look(app)
    assert [d["station_id"] for _e, d, _to in pushed] == []


def test_the_station_watch_runs_on_the_clock_once_the_hardware_is_open(app: Flask, running) -> None:
    assert JOB_NAME in [job.name for job in get_clock(app).jobs if job.essential]
