"""Fixtures for the alert centre: raise alerts straight through the service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from core.alerts import raise_alert
from core.extensions import db

AlertFactory = Callable[..., int]


@pytest.fixture
def make_alert(app: Flask) -> AlertFactory:
    """Return make(**fields) -> id: raise and commit an alert (defaults: a telemetry warning)."""

    def make(**fields: Any) -> int:
        values: dict[str, Any] = {
            "source": "telemetry",
            "subject": "battery:B-17",
            "rule": "temp_high",
            "severity": "warning",
            "title": "Battery B-17 running hot",
        }
        values.update(fields)
        with app.app_context():
            alert = raise_alert(db.session, **values)
            db.session.commit()
            return alert.id

    return make
