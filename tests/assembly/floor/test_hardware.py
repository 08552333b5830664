"""LEDs and the GPIO pedal on gpiozero's MockFactory: exactly the current component is lit."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from gpiozero.pins.mock import MockFactory

from assembly import signals
from assembly.const import EventKind, RunStatus
from assembly.floor import (
    add_job,
    effects,
    force_abort,
    open_session,
    progress,
    start,
    start_station,
)
from assembly.floor.watch import JOB_NAME, follow
from assembly.models import AssemblySession, Component
from core.audit import system_actor
from core.auth.models import User
from core.clock import get_clock
from core.extensions import db
from hardware import close_hardware, open_hardware
from tests.assembly.floor.helpers import at, kinds
from tests.fixtures.assembly import DEFAULT_COMPONENTS
from tests.fixtures.database import build_app

PINS = {cid: pin for cid, _name, _colour, pin in DEFAULT_COMPONENTS}
FOOT_SWITCH = 27


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory(FOOT_SWITCH_HOLD_S=0.3)


def lit(factory: MockFactory) -> set[str]:
    """Return the components whose LED pin is high."""
    return {cid for cid, pin in PINS.items() if factory.pin(pin).state}


def wait_for(condition: Callable[[], bool], timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


@pytest.fixture
def running(app: Flask, mock_pins: MockFactory, user_factory, make_project, make_job):
    """Open the hardware, start a 3-step session; yield (session id, operator)."""
    made = make_project()
    job_id = make_job(made.version_id)
    operator = user_factory("operator")
    open_hardware(app, mock_pins)
    start_station(app)
    with app.app_context():
        sid = start(db.session, job_id, operator, app.config["DEVICE_ID"], now=at(0)).session.id
    yield sid, operator
    close_hardware(app)


def test_each_action_lights_exactly_the_current_component(
    app: Flask, mock_pins: MockFactory, running
) -> None:
    sid, operator = running
    station = app.config["DEVICE_ID"]
    assert lit(mock_pins) == {"anode"}  # step 0 lights on start, without a press
    with app.app_context():
        progress(db.session, sid, "next", 0, operator, station, at(2))
        assert lit(mock_pins) == {"cathode"}
        progress(db.session, sid, "next", 1, operator, station, at(4))
        assert lit(mock_pins) == {"electrolyte"}
        progress(db.session, sid, "next", 2, operator, station, at(6))
        assert lit(mock_pins) == set()  # review: no bin to pick from
        progress(db.session, sid, "finish", 3, operator, station, at(8))
    assert lit(mock_pins) == set()


def test_abort_turns_every_led_off(app: Flask, mock_pins: MockFactory, running) -> None:
    sid, operator = running
    with app.app_context():
        progress(db.session, sid, "next", 0, operator, app.config["DEVICE_ID"], at(2))
        assert lit(mock_pins) == {"cathode"}
        progress(db.session, sid, "abort", 1, operator, app.config["DEVICE_ID"], at(3))
    assert lit(mock_pins) == set()


def test_a_refused_press_leaves_the_led_alone(app: Flask, mock_pins: MockFactory, running) -> None:
    sid, operator = running
    with app.app_context(), pytest.raises(Exception, match="stale"):
        progress(db.session, sid, "next", 2, operator, app.config["DEVICE_ID"], at(2))
    assert lit(mock_pins) == {"anode"}


def test_after_a_restart_the_open_session_lights_its_led_again(
    app: Flask, mock_pins: MockFactory, running
) -> None:
    sid, operator = running
    with app.app_context():
        progress(db.session, sid, "next", 0, operator, app.config["DEVICE_ID"], at(2))
    close_hardware(app)  # power loss: every pin released
    assert lit(mock_pins) == set()

    restarted = build_app(Path(app.instance_path), app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        open_hardware(restarted, mock_pins)
        start_station(restarted)
        assert lit(mock_pins) == {"cathode"}
        with restarted.app_context():
            assert kinds(sid)[-1] == (EventKind.RESUME, 1)
            progress(db.session, sid, "next", 1, operator, restarted.config["DEVICE_ID"], at(9))
        assert lit(mock_pins) == {"electrolyte"}
    finally:
        close_hardware(restarted)
        with restarted.app_context():
            db.engine.dispose()


def test_rewiring_a_component_moves_its_led(app: Flask, mock_pins: MockFactory, running) -> None:
    with app.app_context():
        db.session.get(Component, "anode").gpio_pin = 5
        db.session.commit()
        signals.components_changed.send(app)
    assert mock_pins.pin(5).state
    assert not mock_pins.pin(PINS["anode"]).state


def _press(factory: MockFactory, seconds: float = 0.02) -> None:
    factory.pin(FOOT_SWITCH).drive_low()
    time.sleep(seconds)
    factory.pin(FOOT_SWITCH).drive_high()


def _run(app: Flask, sid: int) -> AssemblySession:
    with app.app_context():
        run = db.session.get(AssemblySession, sid)
        db.session.expunge(run)
        return run


def test_the_gpio_pedal_drives_the_open_session(
    app: Flask, mock_pins: MockFactory, running, monkeypatch
) -> None:
    sid, _operator = running
    app.config["ASSEMBLY_MIN_STEP_S"] = 0
    _press(mock_pins)
    wait_for(lambda: _run(app, sid).current_step == 1)
    assert lit(mock_pins) == {"cathode"}
    _press(mock_pins, 0.5)  # held past FOOT_SWITCH_HOLD_S: abort
    wait_for(lambda: _run(app, sid).status == RunStatus.ABORTED)
    run = _run(app, sid)
    assert (run.abort_step, run.abort_reason) == (1, "hold")
    assert lit(mock_pins) == set()
    with app.app_context():
        assert open_session(db.session, app.config["DEVICE_ID"]) is None
        operator = db.session.get(User, run.operator_id)
        assert operator is not None


def test_a_force_abort_from_another_pi_turns_this_stations_leds_off(
    app: Flask,
    mock_pins: MockFactory,
    running,
    user_factory,
    make_project,
    monkeypatch,
) -> None:
    """Pis sharing a database: the other Pi's supervisor aborts; this Pi follows within a tick."""
    sid, _operator = running
    station = app.config["DEVICE_ID"]
    # Both apps share the global socketio object, so pushes are read where they are sent.
    pushed: list[tuple[str, dict, str]] = []
    monkeypatch.setattr(effects, "_emit", lambda *push: pushed.append(push))
    supervisor = user_factory("supervisor")
    other = build_app(
        Path(app.instance_path), app.config["SQLALCHEMY_DATABASE_URI"], DEVICE_ID="pi-2"
    )
    version = make_project(project_id="next").version_id
    try:
        with other.app_context():
            force_abort(db.session, sid, "stuck glove port", supervisor, "web:pi-2")
            add_job(db.session, version, station, "NEXT", actor=system_actor("tests"))
        assert lit(mock_pins) == {"anode"}  # nothing on the other Pi reaches these pins
        pushed.clear()  # what the other Pi pushed to its own browsers
        with app.app_context():
            follow(app)
        assert lit(mock_pins) == set()
        with app.app_context():
            follow(app)  # a second look finds nothing new to push
        sessions = [data["status"] for event, data, to in pushed if event == "session"]
        queues = [data["jobs"] for event, data, to in pushed if event == "queue"]
        assert {to for _event, _data, to in pushed} == {station}
        assert sessions == ["aborted"]
        assert len(queues) == 1
        assert [job["stack_id"] for job in queues[0]] == ["S-1", "NEXT"]
    finally:
        with other.app_context():
            db.engine.dispose()


def test_the_station_watch_runs_on_the_clock_once_the_hardware_is_open(app: Flask, running) -> None:
    assert JOB_NAME in [job.name for job in get_clock(app).jobs if job.essential]


def test_the_gpio_pedal_with_no_session_is_handed_to_the_stations_kiosk(
    app: Flask, mock_pins: MockFactory, login, socketio_client
) -> None:
    """Between sessions the foot switch takes a job or leaves the summary, through the kiosk."""
    login("operator")
    kiosk = socketio_client("/assembly")
    elsewhere = socketio_client("/assembly")
    kiosk.emit("join", {"room": f"station:{app.config['DEVICE_ID']}"}, namespace="/assembly")
    elsewhere.emit("join", {"room": "station:another-box"}, namespace="/assembly")
    pedal: list[dict] = []

    def received(count: int) -> bool:
        items = kiosk.get_received("/assembly")
        pedal.extend(item["args"][0] for item in items if item["name"] == "pedal")
        return len(pedal) == count

    open_hardware(app, mock_pins)
    try:
        _press(mock_pins)
        wait_for(lambda: received(1))
        _press(mock_pins, 0.5)  # held past FOOT_SWITCH_HOLD_S
        wait_for(lambda: received(2))
    finally:
        close_hardware(app)
    station = app.config["DEVICE_ID"]
    assert pedal == [{"station_id": station, "hold": False}, {"station_id": station, "hold": True}]
    assert [item["name"] for item in elsewhere.get_received("/assembly")] == []
