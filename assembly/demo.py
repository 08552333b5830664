"""Demo data for a first try: four components, a thermal-battery project and a queued job."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from assembly.catalogue.services import (
    ComponentValues,
    StepValues,
    create_component,
    create_project,
)
from assembly.floor import add_job, ensure_station
from assembly.models import Component
from core.audit import system_actor
from core.extensions import db

# The legacy tool's wiring (BCM pins, all safe for LEDs), with typical hand-assembly times.
COMPONENTS = (
    ComponentValues("Anode", "#d62828", 17, target_seconds=40),
    ComponentValues("Separator", "#ca8a04", 22, target_seconds=30),
    ComponentValues("Cathode", "#1d4ed8", 4, target_seconds=40),
    ComponentValues("Electrolyte pellet", "#15803d", 25, target_seconds=45, critical=True),
)
# (index into COMPONENTS, label) in assembly order.
STEPS = (
    (0, "Place the anode disc, lithium side down"),
    (1, "Centre the separator over the anode"),
    (3, "Seat the electrolyte pellet; confirm it is intact"),
    (2, "Place the cathode disc and press gently"),
)


def load_demo() -> str:
    """Create the demo catalogue and queue one job at this station, unless components exist."""
    session = db.session
    if session.scalar(select(Component).limit(1)) is not None:
        return "skipped: components already exist"
    actor = system_actor("demo")
    pin = current_app.config["FOOT_SWITCH_PIN"]
    made = [create_component(session, v, foot_switch_pin=pin, actor=actor) for v in COMPONENTS]
    steps = [StepValues(made[index].id, label) for index, label in STEPS]
    project = create_project(
        session, "Thermal battery cell", "A four-layer demo stack.", steps, actor=actor
    )
    station = current_app.config["DEVICE_ID"]
    ensure_station(session, station)
    add_job(session, project.latest.id, station, "DEMO-001", quantity=3, actor=actor)
    return f"{len(COMPONENTS)} components, project {project.id!r}, 3 units queued at {station}"
