"""GET /api/v1/hardware/state shows managers the pin factory and every pin's state."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from gpiozero.pins.mock import MockFactory

from hardware import close_hardware, get_hardware, open_hardware

STATE = "/api/v1/hardware/state"


@pytest.fixture
def opened(app: Flask, mock_pins: MockFactory) -> Iterator[MockFactory]:
    hardware = open_hardware(app, factory=mock_pins)
    hardware.set_leds({"anode": 17, "cathode": 4})
    hardware.light("anode")
    yield mock_pins
    close_hardware(app)


@pytest.mark.usefixtures("opened")
def test_supervisor_sees_factory_and_pin_states(client: FlaskClient, login) -> None:
    login("supervisor")
    body = client.get(STATE).get_json()
    assert body["pin_factory"] == "MockFactory"
    assert body["open"] is True
    assert {"pin": 17, "role": "led", "key": "anode", "state": True} in body["pins"]
    assert {"pin": 4, "role": "led", "key": "cathode", "state": False} in body["pins"]
    assert {"pin": 27, "role": "foot_switch", "key": None, "state": False} in body["pins"]
    assert body["foot_switch"]["hold_s"] == 10


def test_pressed_pedal_shows_in_the_state(client: FlaskClient, login, opened: MockFactory) -> None:
    login("admin")
    opened.pin(27).drive_low()
    body = client.get(STATE).get_json()
    assert body["foot_switch"]["pressed"] is True
    opened.pin(27).drive_high()
    assert client.get(STATE).get_json()["foot_switch"]["presses"] == 1


def test_closed_hardware_says_so(client: FlaskClient, login) -> None:
    login("supervisor")
    body = client.get(STATE).get_json()
    assert body == {
        "pin_factory": None,
        "configured": "mock",
        "open": False,
        "pins": [],
        "foot_switch": None,
    }


@pytest.mark.usefixtures("opened")
def test_operator_is_forbidden(client: FlaskClient, login) -> None:
    login("operator")
    response = client.get(STATE)
    assert response.status_code == 403
    assert response.get_json()["error"]


@pytest.mark.usefixtures("opened")
def test_anonymous_is_turned_away(client: FlaskClient) -> None:
    response = client.get(STATE)
    assert response.status_code in (401, 302)
    assert "pins" not in (response.get_json(silent=True) or {})


def test_close_releases_the_pins(app: Flask, mock_pins: MockFactory) -> None:
    hardware = open_hardware(app, factory=mock_pins)
    hardware.set_leds({"anode": 17})
    hardware.light("anode")
    close_hardware(app)
    assert not get_hardware(app).open
    assert mock_pins.pin(17).state is False
