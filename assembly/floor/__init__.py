"""Stations, the job queue, kiosk sessions, LEDs and the pedal: the shop-floor run."""

from __future__ import annotations

from typing import Any

from flask import Flask

from assembly import signals
from assembly.floor import leds, pedal, watch
from assembly.floor.errors import FloorError
from assembly.floor.jobs import add_job, cancel, list_queue, next_job, reorder
from assembly.floor.sessions import force_abort, progress, resume, start
from assembly.floor.stations import ensure_station, open_session
from assembly.floor.transitions import Outcome
from core.extensions import db, login_manager
from core.runtime import on_start
from hardware import get_hardware

__all__ = [
    "FloorError",
    "Outcome",
    "add_job",
    "cancel",
    "ensure_station",
    "force_abort",
    "init_app",
    "list_queue",
    "next_job",
    "open_session",
    "progress",
    "reorder",
    "resume",
    "start",
    "start_station",
]


def start_station(app: Flask) -> None:
    """Wire the LEDs, reopen the station's open session (after a restart) and watch its rows."""
    with app.app_context():
        ensure_station(db.session, app.config["DEVICE_ID"])
        db.session.commit()
        leds.relight(app)
        resume(db.session, app.config["DEVICE_ID"])
    if get_hardware(app).open:
        watch.watch(app)


def _components_changed(sender: Any, **_: Any) -> None:
    if isinstance(sender, Flask) and leds.EXTENSION_KEY in sender.extensions:
        leds.relight(sender)


def init_app(app: Flask) -> None:
    """Register the kiosk page, the API, the "/assembly" namespace, LEDs and pedal."""
    from assembly.floor import api, events, routes
    from core.realtime import register_namespace

    leds.station_lock(app)  # marks the app as running this part (read by the signal handlers)
    app.register_blueprint(routes.bp)
    login_manager.blueprint_login_views[routes.bp.name] = "auth.kiosk_login"
    app.register_blueprint(api.bp)
    register_namespace(events.namespace())
    on_start(app, "assembly-station", start_station)
    pedal.connect()
    signals.components_changed.connect(_components_changed)
