"""JSON API of the hardware layer under /api/v1/hardware/."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from core.auth import role_required
from core.roles import MANAGERS
from hardware.service import get_hardware, hardware_state

blueprint = Blueprint("hardware_api", __name__, url_prefix="/api/v1/hardware")


@blueprint.get("/state")
@role_required(*MANAGERS)
def state() -> Response:
    """Return the pin factory in use and each pin's role and state."""
    return jsonify(hardware_state(get_hardware()))
