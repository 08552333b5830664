"""Fixtures of the shop-floor tests: an app context on every engine, a session on mock pins."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from gpiozero.pins.mock import MockFactory

from assembly.floor import start, start_station
from assembly.floor.stations import ensure_station
from core.extensions import db
from hardware import close_hardware, open_hardware
from tests.assembly.floor.helpers import at


@pytest.fixture
def ctx(app: Flask) -> Iterator[str]:
    """Run the test inside an app context with this station's row; yield the station id."""
    with app.app_context():
        ensure_station(db.session, app.config["DEVICE_ID"])
        db.session.commit()
        yield app.config["DEVICE_ID"]


@pytest.fixture
def running(app: Flask, mock_pins: MockFactory, user_factory, make_project, make_job):
    """Open the hardware, start a 3-step session; yield (session id, operator)."""
    made = make_project()
    job_id = make_job(made.version_id)
    operator = user_factory("operator")
    open_hardware(app, mock_pins)
    start_station(app)
    with app.app_context():
        sid = start(db.session, job_id, operator, app.config["DEVICE_ID"], now=at(0)).session.id
    yield sid, operator
    close_hardware(app)
