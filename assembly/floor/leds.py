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


def _wiring(foot_switch_pin: int, *, warn: bool = False) -> dict[str, int]:
    """Return component → pin for every component whose pin an LED may use here."""
    pins: dict[str, int] = {}
    for cid, pin in db.session.execute(select(Component.id, Component.gpio_pin)):
        try:
            pins[cid] = validate_led_pin(pin, foot_switch_pin)
        except ValueError as error:
            if warn:
                logger.warning("no LED for %s: %s", cid, error)
    return pins


def wire(app: Flask) -> None:
    """Give the LED bank one LED per component with a usable pin; does nothing while closed."""
    hardware = get_hardware(app)
    if hardware.open:
        hardware.set_leds(_wiring(hardware.foot_switch_pin, warn=True))


def follow_wiring(app: Flask) -> None:
    """Rewire and relight when the catalogue's pins changed, e.g. from another Pi's pages."""
    hardware = get_hardware(app)
    if not hardware.open:
        return
    wired = hardware.leds.pins if hardware.leds is not None else {}
    if _wiring(hardware.foot_switch_pin) != wired:
        relight(app)


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
