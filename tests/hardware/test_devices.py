"""The LED bank lights exactly one pin and the foot switch raises next/abort like the space bar."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from gpiozero.pins.mock import MockFactory

from hardware.devices import FootSwitch, LedBank
from hardware.pins import SAFE_LED_PINS, safe_led_pins, validate_led_pin
from hardware.signals import pedal_abort, pedal_next

LEDS = {"anode": 17, "cathode": 4, "electrolyte": 25}


@pytest.fixture
def bank(mock_pins: MockFactory) -> Iterator[LedBank]:
    leds = LedBank(LEDS, mock_pins)
    yield leds
    leds.close()


def pin_levels(factory: MockFactory) -> dict[int, bool]:
    return {pin: bool(factory.pin(pin).state) for pin in LEDS.values()}


def test_light_turns_on_exactly_one_pin(bank: LedBank, mock_pins: MockFactory) -> None:
    bank.light("cathode")
    assert pin_levels(mock_pins) == {17: False, 4: True, 25: False}
    assert bank.states() == {17: False, 4: True, 25: False}


def test_switching_turns_the_previous_pin_off(bank: LedBank, mock_pins: MockFactory) -> None:
    bank.light("anode")
    bank.light("electrolyte")
    assert pin_levels(mock_pins) == {17: False, 4: False, 25: True}
    assert bank.lit == "electrolyte"


def test_none_turns_every_pin_off(bank: LedBank, mock_pins: MockFactory) -> None:
    bank.light("anode")
    bank.light(None)
    assert pin_levels(mock_pins) == {17: False, 4: False, 25: False}
    mock_pins.pin(17).assert_states([False, True, False])


def test_unknown_key_is_refused_and_keeps_the_lit_pin(bank: LedBank) -> None:
    bank.light("anode")
    with pytest.raises(KeyError, match="no LED for 'separator'"):
        bank.light("separator")
    assert bank.states()[17] is True


@pytest.mark.parametrize(
    ("pin", "reason"),
    [(0, "EEPROM"), (1, "EEPROM"), (2, "I2C"), (3, "I2C"), (7, "SPI"), (11, "SPI")],
)
def test_reserved_pins_are_refused_with_the_reason(pin: int, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        validate_led_pin(pin)
    assert pin not in SAFE_LED_PINS


def test_foot_switch_pin_and_off_header_pins_are_refused() -> None:
    with pytest.raises(ValueError, match="foot switch"):
        validate_led_pin(22, foot_switch_pin=22)
    with pytest.raises(ValueError, match="not a BCM pin"):
        validate_led_pin(40)
    assert 22 not in safe_led_pins(22)
    assert 17 in SAFE_LED_PINS


def test_led_bank_refuses_an_unsafe_or_shared_pin(mock_pins: MockFactory) -> None:
    with pytest.raises(ValueError, match="SPI"):
        LedBank({"anode": 9}, mock_pins)
    with pytest.raises(ValueError, match="share a pin"):
        LedBank({"anode": 17, "cathode": 17}, mock_pins)


class Recorder:
    """Collect the pins of the pedal signals received."""

    def __init__(self) -> None:
        self.next: list[int] = []
        self.abort: list[int] = []

    def on_next(self, _sender: object, pin: int) -> None:
        self.next.append(pin)

    def on_abort(self, _sender: object, pin: int) -> None:
        self.abort.append(pin)


@pytest.fixture
def pedal_events() -> Iterator[Recorder]:
    recorder = Recorder()
    pedal_next.connect(recorder.on_next)
    pedal_abort.connect(recorder.on_abort)
    yield recorder
    pedal_next.disconnect(recorder.on_next)
    pedal_abort.disconnect(recorder.on_abort)


def test_short_press_sends_next_once(mock_pins: MockFactory, pedal_events: Recorder) -> None:
    switch = FootSwitch(27, hold_s=0.3, factory=mock_pins)
    pedal = mock_pins.pin(27)
    pedal.drive_low()
    time.sleep(0.05)
    pedal.drive_high()
    assert pedal_events.next == [27]
    assert pedal_events.abort == []
    switch.close()


def test_hold_sends_abort_and_no_next(mock_pins: MockFactory, pedal_events: Recorder) -> None:
    switch = FootSwitch(27, hold_s=0.2, factory=mock_pins)
    pedal = mock_pins.pin(27)
    pedal.drive_low()
    deadline = time.monotonic() + 2
    while not pedal_events.abort and time.monotonic() < deadline:
        time.sleep(0.02)
    pedal.drive_high()
    assert pedal_events.abort == [27]
    assert pedal_events.next == []
    switch.close()
