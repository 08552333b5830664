"""The glove-box kiosk page: the station's queue, then one session step by step."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from assembly.const import CRITICAL_CONFIRM_S, NAMESPACE
from assembly.floor.stations import ensure_station
from core.auth import role_required
from core.extensions import db
from core.roles import STAFF

bp = Blueprint("assembly_floor", __name__, url_prefix="/assembly")


@bp.get("/kiosk")
@role_required(*STAFF)  # signed-out visitors go to the badge sign-in (see init_app)
def kiosk() -> ResponseReturnValue:
    """Show the kiosk; its script loads the queue or the open session and follows the pedal."""
    station = ensure_station(db.session, current_app.config["DEVICE_ID"])
    db.session.commit()
    settings = {
        "station": station.id,
        "userId": current_user.id,
        "namespace": NAMESPACE,
        "holdSeconds": float(current_app.config.get("ASSEMBLY_ABORT_HOLD_S", 10.0)),
        "minStepSeconds": float(current_app.config.get("ASSEMBLY_MIN_STEP_S", 1.0)),
        "confirmSeconds": CRITICAL_CONFIRM_S,
        "currentUrl": url_for("assembly_floor_api.session_current"),
        "startUrl": url_for("assembly_floor_api.session_start"),
        "progressUrl": url_for("assembly_floor_api.session_progress", session_id=0),
        "sessionUrl": url_for("assembly_floor_api.session_detail", session_id=0),
    }
    return render_template("assembly/floor/kiosk.html", station=station, settings=settings)
