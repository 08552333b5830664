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
from core.modules import ModuleInfo, ModuleLink, landing_blueprint, register_module
from core.roles import EVERYONE, MANAGERS, READERS, STAFF

INFO = ModuleInfo(
    name="assembly",
    title="Assembly",
    endpoint="assembly.index",
    roles=EVERYONE,
    summary="Glove-box kiosk guidance with LEDs and foot pedal, projects and live queue.",
    links=(
        ModuleLink("Kiosk", "assembly_floor.kiosk", STAFF, "Run the next job at this station."),
        ModuleLink("Dashboard", "assembly_supervision.dashboard", READERS, "Stations live."),
        ModuleLink("Queue", "assembly_supervision.queue", MANAGERS, "Add, order, cancel jobs."),
        ModuleLink("Sessions", "assembly_records.index", READERS, "Records, sign-off, exports."),
        ModuleLink("Analytics", "assembly_supervision.analytics", READERS, "Steps vs target."),
        ModuleLink("Components", "assembly_catalogue.components", MANAGERS, "Parts and LEDs."),
        ModuleLink("Projects", "assembly_catalogue.projects", MANAGERS, "Versioned steps."),
    ),
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
