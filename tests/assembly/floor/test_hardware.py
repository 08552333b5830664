"""LEDs and the GPIO pedal on gpiozero's MockFactory: exactly the current component is lit."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from gpiozero.pins.mock import MockFactory
from sqlalchemy import event

from assembly import signals
from assembly.const import EventKind, RunStatus
from assembly.floor import (
    open_session,
    progress,
    start_station,
)
from assembly.models import AssemblySession, Component
from core.auth.models import User
from core.extensions import db
from hardware import close_hardware, open_hardware
from tests.assembly.floor.helpers import PINS, at, kinds, lit
from tests.fixtures.database import build_app

FOOT_SWITCH = 27


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory(FOOT_SWITCH_HOLD_S=0.3)


def wait_for(condition: Callable[[], bool], timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


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


def test_the_led_changes_as_the_press_commits_before_any_further_query(
    app: Flask, mock_pins: MockFactory, running
) -> None:
    """The pedal's latency: nothing is read back from the database between commit and pin."""
    sid, operator = running
    seen_after_commit: list[set[str]] = []
    committed = []

    def statement(*_args) -> None:
        if committed:
            seen_after_commit.append(lit(mock_pins))

    def commit(_session) -> None:
        committed.append(True)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", statement)
        event.listen(db.session, "after_commit", commit)
        try:
            progress(db.session, sid, "next", 0, operator, app.config["DEVICE_ID"], at(2))
        finally:
            event.remove(db.engine, "before_cursor_execute", statement)
            event.remove(db.session, "after_commit", commit)
    assert committed
    assert seen_after_commit, "the pushed state is read after the commit"
    assert seen_after_commit[0] == {"cathode"}


def test_a_refused_press_leaves_the_led_alone(app: Flask, mock_pins: MockFactory, running) -> None:
    sid, operator = running
    with app.app_context(), pytest.raises(Exception, match="That press was for step 3"):
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
