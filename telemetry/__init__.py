"""Battery telemetry: devices, ingestion, fleet, simulator and history."""

from __future__ import annotations

from flask import Flask

from core.modules import ModuleInfo, landing_blueprint, register_module
from core.roles import EVERYONE

INFO = ModuleInfo(
    name="telemetry",
    title="Battery telemetry",
    endpoint="telemetry.index",
    roles=EVERYONE,
    summary="ESP32 readings from the battery fleet across sites, live and historical.",
)


def init_app(app: Flask) -> None:
    """Register the telemetry module's pages."""
    register_module(app, INFO)
    app.register_blueprint(landing_blueprint(INFO.name, INFO.roles))
