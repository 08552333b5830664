"""gpiozero devices behind a small interface: LED bank, foot switch, watchdog ping."""

from __future__ import annotations

from flask import Flask

from core.runtime import on_start
from hardware.service import EXTENSION_KEY, Hardware, close_hardware, get_hardware, open_hardware
from hardware.watchdog import register_watchdog

__all__ = ["Hardware", "close_hardware", "get_hardware", "init_app", "open_hardware"]


def _start(app: Flask) -> None:
    register_watchdog(app)
    if app.config["HARDWARE"]:
        open_hardware(app)


def init_app(app: Flask) -> None:
    """Register the hardware API; devices are opened only when the app starts."""
    from hardware import api

    app.extensions[EXTENSION_KEY] = Hardware(
        configured=app.config["GPIOZERO_PIN_FACTORY"],
        foot_switch_pin=app.config["FOOT_SWITCH_PIN"],
    )
    app.register_blueprint(api.blueprint)
    on_start(app, "hardware", _start, close_hardware)
