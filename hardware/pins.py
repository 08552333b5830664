"""Which BCM GPIO pins an LED may use on a Raspberry Pi header."""

from __future__ import annotations

DEFAULT_FOOT_SWITCH_PIN = 27
HEADER_PINS = frozenset(range(28))
RESERVED_PINS: dict[int, str] = {
    0: "the HAT ID EEPROM (ID_SD)",
    1: "the HAT ID EEPROM (ID_SC)",
    2: "I2C (SDA)",
    3: "I2C (SCL)",
    7: "SPI (CE1)",
    8: "SPI (CE0)",
    9: "SPI (MISO)",
    10: "SPI (MOSI)",
    11: "SPI (SCLK)",
}


def safe_led_pins(foot_switch_pin: int | None = DEFAULT_FOOT_SWITCH_PIN) -> frozenset[int]:
    """Return the pins an LED may use when the foot switch sits on foot_switch_pin (or none)."""
    return HEADER_PINS - set(RESERVED_PINS) - {foot_switch_pin}


SAFE_LED_PINS = safe_led_pins()


def validate_led_pin(pin: int, foot_switch_pin: int | None = DEFAULT_FOOT_SWITCH_PIN) -> int:
    """Return pin if an LED may use it; raise ValueError saying why not otherwise."""
    allowed = ", ".join(str(p) for p in sorted(safe_led_pins(foot_switch_pin)))
    if isinstance(pin, bool) or not isinstance(pin, int) or pin not in HEADER_PINS:
        raise ValueError(f"GPIO {pin!r} is not a BCM pin on the header; use one of {allowed}")
    if pin in RESERVED_PINS:
        raise ValueError(f"GPIO {pin} is reserved for {RESERVED_PINS[pin]}; use one of {allowed}")
    if pin == foot_switch_pin:
        raise ValueError(f"GPIO {pin} is the foot switch pin; use one of {allowed}")
    return pin
