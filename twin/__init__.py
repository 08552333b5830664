"""Factory twin: registry, physics, order controller, MQTT bridge, analytics."""

from __future__ import annotations

from flask import Flask

from core.modules import ModuleInfo, landing_blueprint, register_module
from core.roles import EVERYONE

INFO = ModuleInfo(
    name="twin",
    title="Factory twin",
    endpoint="twin.index",
    roles=EVERYONE,
    summary="10 Hz twin of the tabletop warehouse factory with a safe order controller.",
)


def init_app(app: Flask) -> None:
    """Register the factory twin's pages."""
    register_module(app, INFO)
    app.register_blueprint(landing_blueprint(INFO.name, INFO.roles))
