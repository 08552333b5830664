"""Fixtures of the shop-floor service tests: an app context on every engine under test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from assembly.floor.stations import ensure_station
from core.extensions import db


@pytest.fixture
def ctx(app: Flask) -> Iterator[str]:
    """Run the test inside an app context with this station's row; yield the station id."""
    with app.app_context():
        ensure_station(db.session, app.config["DEVICE_ID"])
        db.session.commit()
        yield app.config["DEVICE_ID"]
