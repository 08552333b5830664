"""Guided assembly: components, projects, stations, queue and kiosk sessions."""

from __future__ import annotations

from flask import Flask

from assembly import (
    catalogue,
    floor,
    models,  # noqa: F401 - registers the tables with the metadata
    records,
    supervision,
)
from assembly.demo import load_demo
from core.cli import register_demo
from core.modules import ModuleInfo, landing_blueprint, register_module
from core.roles import EVERYONE

INFO = ModuleInfo(
    name="assembly",
    title="Assembly",
    endpoint="assembly.index",
    roles=EVERYONE,
    summary="Glove-box kiosk guidance with LEDs and foot pedal, projects and live queue.",
)


def init_app(app: Flask) -> None:
    """Register the assembly module's pages."""
    register_module(app, INFO)
    register_demo(app, INFO.name, load_demo)
    app.register_blueprint(landing_blueprint(INFO.name, INFO.roles))
    catalogue.init_app(app)
    floor.init_app(app)
    records.init_app(app)
    supervision.init_app(app)
