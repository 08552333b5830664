"""Open and close the GPIO devices and describe their state; kept in app.extensions."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from gpiozero.pins import Factory

from hardware.devices import FootSwitch, LedBank
from hardware.pins import DEFAULT_FOOT_SWITCH_PIN

EXTENSION_KEY = "hardware"
PIN_FACTORIES = ("mock", "lgpio")

logger = logging.getLogger(__name__)


@dataclass
class Hardware:
    """The app's GPIO: which factory, and the devices opened with it."""

    configured: str
    factory: Factory | None = None
    leds: LedBank | None = None
    foot_switch: FootSwitch | None = None
    foot_switch_pin: int = DEFAULT_FOOT_SWITCH_PIN

    @property
    def open(self) -> bool:
        """Tell whether the devices are open."""
        return self.factory is not None

    def set_leds(self, pins: Mapping[str, int]) -> LedBank:
        """Replace the LED bank with one LED per key, all off."""
        if self.factory is None:
            raise RuntimeError("hardware is not open")
        if self.leds is not None:
            # Free the old pins first: a component may move onto another one's old pin.
            self.leds.close()
            self.leds = None
        self.leds = LedBank(pins, self.factory, self.foot_switch_pin)
        return self.leds

    def light(self, key: str | None) -> None:
        """Light the LED of key only (None: all off); does nothing while hardware is closed."""
        if self.leds is not None:
            self.leds.light(key)


def make_pin_factory(name: str) -> Factory:
    """Build the gpiozero pin factory named by GPIOZERO_PIN_FACTORY."""
    if name == "mock":
        from gpiozero.pins.mock import MockFactory

        return MockFactory()
    if name == "lgpio":
        from gpiozero.pins.lgpio import LGPIOFactory

        return LGPIOFactory()
    raise ValueError(f"GPIOZERO_PIN_FACTORY must be one of {PIN_FACTORIES}, not {name!r}")


def get_hardware(app: Flask | None = None) -> Hardware:
    """Return the app's hardware record."""
    return (app or current_app).extensions[EXTENSION_KEY]


def open_hardware(app: Flask, factory: Factory | None = None) -> Hardware:
    """Build the pin factory (or use the given one) and open the foot switch."""
    hardware = get_hardware(app)
    if hardware.open:
        return hardware
    factory = factory or make_pin_factory(hardware.configured)
    try:
        hardware.foot_switch = FootSwitch(
            hardware.foot_switch_pin, app.config["FOOT_SWITCH_HOLD_S"], factory, app=app
        )
    except Exception:
        factory.close()
        raise
    hardware.factory = factory
    hardware.leds = LedBank({}, factory, hardware.foot_switch_pin)
    logger.info("hardware open", extra={"pin_factory": type(factory).__name__})
    return hardware


def close_hardware(app: Flask) -> None:
    """Turn LEDs off and release every pin."""
    hardware = get_hardware(app)
    if hardware.leds is not None:
        hardware.leds.close()
    if hardware.foot_switch is not None:
        hardware.foot_switch.close()
    if hardware.factory is not None:
        hardware.factory.close()
    hardware.leds = hardware.foot_switch = hardware.factory = None


def hardware_state(hardware: Hardware) -> dict[str, Any]:
    """Describe the pin factory in use and each pin's role and state."""
    pins: list[dict[str, Any]] = []
    if hardware.leds is not None:
        for pin, lit in sorted(hardware.leds.states().items()):
            pins.append({"pin": pin, "role": "led", "key": hardware.leds.key_of(pin), "state": lit})
    switch = hardware.foot_switch
    if switch is not None:
        pins.append(
            {"pin": switch.pin, "role": "foot_switch", "key": None, "state": switch.is_pressed}
        )
    return {
        "pin_factory": type(hardware.factory).__name__ if hardware.factory else None,
        "configured": hardware.configured,
        "open": hardware.open,
        "pins": pins,
        "foot_switch": switch.state() if switch is not None else None,
    }
