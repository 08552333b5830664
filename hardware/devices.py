"""The LED bank and the foot switch, built on gpiozero devices from an injected factory."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from contextlib import nullcontext
from typing import Any

from blinker import Signal
from flask import Flask
from gpiozero import LED, Button
from gpiozero.pins import Factory

from hardware.pins import DEFAULT_FOOT_SWITCH_PIN, validate_led_pin
from hardware.signals import pedal_abort, pedal_next

logger = logging.getLogger(__name__)


class LedBank:
    """One LED per key (e.g. a component); lights exactly one of them, or none."""

    def __init__(
        self,
        pins: Mapping[str, int],
        factory: Factory,
        foot_switch_pin: int = DEFAULT_FOOT_SWITCH_PIN,
    ) -> None:
        for pin in pins.values():
            validate_led_pin(pin, foot_switch_pin)
        if len(set(pins.values())) != len(pins):
            raise ValueError("two LED keys share a pin; give each key its own pin")
        self.pins = dict(pins)
        self.lit: str | None = None
        self._leds: dict[str, LED] = {}
        try:
            for key, pin in self.pins.items():
                self._leds[key] = LED(pin, pin_factory=factory)
        except Exception:
            self.close()
            raise

    def light(self, key: str | None) -> None:
        """Light the LED of key and turn every other one off; None turns all off."""
        if key is not None and key not in self._leds:
            raise KeyError(f"no LED for {key!r}; known keys: {sorted(self._leds)}")
        for other, led in self._leds.items():
            if other != key:
                led.off()
        if key is not None:
            self._leds[key].on()
        self.lit = key

    def states(self) -> dict[int, bool]:
        """Return whether each pin is on, read back from gpiozero."""
        return {self.pins[key]: bool(led.is_lit) for key, led in self._leds.items()}

    def key_of(self, pin: int) -> str | None:
        """Return the key an LED pin belongs to."""
        return next((key for key, p in self.pins.items() if p == pin), None)

    def close(self) -> None:
        """Turn the LEDs off and release their pins."""
        for led in self._leds.values():
            led.off()  # closing releases a pin as it is: a lit LED would stay lit
            led.close()
        self._leds.clear()
        self.lit = None


class FootSwitch:
    """A foot pedal on a gpiozero Button: short press sends pedal_next, a hold pedal_abort."""

    def __init__(self, pin: int, hold_s: float, factory: Factory, app: Flask | None = None) -> None:
        self.pin = pin
        self.hold_s = hold_s
        self.app = app
        self.presses = 0
        self.holds = 0
        self._held = False
        self.button = Button(pin, pull_up=True, hold_time=hold_s, pin_factory=factory)
        self.button.when_pressed = self._pressed
        self.button.when_held = self._on_held
        self.button.when_released = self._released

    @property
    def is_pressed(self) -> bool:
        """Tell whether the pedal is down now."""
        return bool(self.button.is_pressed)

    def _pressed(self) -> None:
        self._held = False

    def _on_held(self) -> None:
        self._held = True
        self.holds += 1
        self._send(pedal_abort)

    def _released(self) -> None:
        if not self._held:
            self.presses += 1
            self._send(pedal_next)

    def _send(self, signal: Signal) -> None:
        context: Any = self.app.app_context() if self.app is not None else nullcontext()
        try:
            with context:
                signal.send(self.app or self, pin=self.pin)
        except Exception:
            logger.exception("a %s receiver failed", signal.name, extra={"pin": self.pin})

    def state(self) -> dict[str, Any]:
        """Describe the pedal for the hardware state endpoint."""
        return {
            "pin": self.pin,
            "pressed": self.is_pressed,
            "hold_s": self.hold_s,
            "presses": self.presses,
            "holds": self.holds,
        }

    def close(self) -> None:
        """Release the pin and stop gpiozero's hold thread."""
        self.button.close()
