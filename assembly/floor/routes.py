"""The glove-box kiosk page: the station's queue, then one session step by step."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from assembly.const import CRITICAL_CONFIRM_S, NAMESPACE
from assembly.floor.stations import ensure_station
from core.extensions import db
from core.roles import STAFF

bp = Blueprint("assembly_floor", __name__, url_prefix="/assembly")


def kiosk_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send signed-out visitors to the kiosk badge sign-in; let only STAFF roles through."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.kiosk_login", next=request.path))
        if current_user.role not in STAFF:
            abort(403)
        return view(*args, **kwargs)

    guarded.required_roles = STAFF  # type: ignore[attr-defined]
    return guarded


@bp.get("/kiosk")
@kiosk_required
def kiosk() -> ResponseReturnValue:
    """Show the kiosk; its script loads the queue or the open session and follows the pedal."""
    station = ensure_station(db.session, current_app.config["DEVICE_ID"])
    db.session.commit()
    settings = {
        "station": station.id,
        "namespace": NAMESPACE,
        "holdSeconds": float(current_app.config.get("ASSEMBLY_ABORT_HOLD_S", 10.0)),
        "minStepSeconds": float(current_app.config.get("ASSEMBLY_MIN_STEP_S", 1.0)),
        "confirmSeconds": CRITICAL_CONFIRM_S,
        "currentUrl": url_for("assembly_floor_api.session_current"),
        "startUrl": url_for("assembly_floor_api.session_start"),
        "progressUrl": url_for("assembly_floor_api.session_progress", session_id=0),
    }
    return render_template("assembly/floor/kiosk.html", station=station, settings=settings)
