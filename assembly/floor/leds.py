"""The station's LEDs: component → GPIO pin from the catalogue, exactly one lit at a time."""

from __future__ import annotations

import logging
import threading
from contextlib import AbstractContextManager

from flask import Flask
from sqlalchemy import select

from assembly.floor.state import current_component
from assembly.floor.stations import open_session
from assembly.models import Component
from core.extensions import db
from hardware import get_hardware
from hardware.pins import validate_led_pin

EXTENSION_KEY = "assembly_floor"
logger = logging.getLogger(__name__)


def station_lock(app: Flask) -> AbstractContextManager[bool]:
    """Return the lock that orders this station's transitions with their LED changes."""
    return app.extensions.setdefault(EXTENSION_KEY, {}).setdefault("lock", threading.RLock())


def wire(app: Flask) -> None:
    """Give the LED bank one LED per component with a usable pin; does nothing while closed."""
    hardware = get_hardware(app)
    if not hardware.open:
        return
    pins: dict[str, int] = {}
    for component in db.session.scalars(select(Component).order_by(Component.id)):
        try:
            pins[component.id] = validate_led_pin(component.gpio_pin, hardware.foot_switch_pin)
        except ValueError as error:
            logger.warning("no LED for %s: %s", component.id, error)
    hardware.set_leds(pins)


def show(app: Flask, station_id: str, component_id: str | None) -> None:
    """Light only component_id's LED (None: all off) if the station is this Pi's."""
    hardware = get_hardware(app)
    if not hardware.open or station_id != app.config["DEVICE_ID"]:
        return
    if component_id is not None and (
        hardware.leds is None or component_id not in hardware.leds.pins
    ):
        wire(app)
    if hardware.leds is not None and (component_id is None or component_id in hardware.leds.pins):
        hardware.light(component_id)
    else:
        hardware.light(None)
        logger.warning("component %s has no LED", component_id)


def relight(app: Flask) -> None:
    """Rewire the bank and light the open session's current component (in an app context)."""
    with station_lock(app):
        wire(app)
        run = open_session(db.session, app.config["DEVICE_ID"])
        show(app, app.config["DEVICE_ID"], current_component(run))
