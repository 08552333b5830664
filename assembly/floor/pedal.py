"""The GPIO foot switch drives the station's open session like the kiosk's space bar."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from assembly.const import PressAbort, RunStatus
from assembly.floor import effects
from assembly.floor.errors import FloorError
from assembly.floor.leds import EXTENSION_KEY
from assembly.floor.sessions import progress
from assembly.floor.stations import open_session
from core.auth.models import User
from core.extensions import db
from hardware.signals import pedal_abort, pedal_next

logger = logging.getLogger(__name__)


def press(app: Flask, *, hold: bool) -> str | None:
    """Apply a pedal press to this station's open session; return the action taken, if any.

    With no open session the press goes to the kiosk page, which takes the highlighted job
    (or leaves the summary), as the space bar does there.
    """
    station = app.config["DEVICE_ID"]
    run = open_session(db.session, station)
    if run is None:
        effects.pedal_pressed(station, hold=hold)
        return "kiosk"
    operator = db.session.get(User, run.operator_id)
    if operator is None:
        return None
    action = "abort" if hold else ("finish" if run.status == RunStatus.REVIEW else "next")
    try:
        progress(
            db.session,
            run.id,
            action,
            run.current_step,
            operator,
            station,
            reason=PressAbort.HOLD if hold else None,
            source="pedal",
        )
    except FloorError as error:
        logger.info("pedal %s refused: %s", action, error.message)
        return None
    return action


def _on_next(sender: Any, **_: Any) -> None:
    if isinstance(sender, Flask) and EXTENSION_KEY in sender.extensions:
        press(sender, hold=False)


def _on_abort(sender: Any, **_: Any) -> None:
    if isinstance(sender, Flask) and EXTENSION_KEY in sender.extensions:
        press(sender, hold=True)


def connect() -> None:
    """Listen to the foot switch (once per process; the handlers find the app as the sender)."""
    pedal_next.connect(_on_next)
    pedal_abort.connect(_on_abort)


__all__ = ["connect", "press"]
