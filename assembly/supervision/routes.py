"""Supervisors' pages: live station dashboard, live queue manager and analytics."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from assembly.const import NAMESPACE
from assembly.floor.stations import list_stations, station_views
from assembly.records.queries import filter_choices
from assembly.supervision import live
from assembly.supervision.analytics import compute
from assembly.supervision.analytics.report import as_json
from assembly.supervision.const import STUCK_FACTOR, STUCK_S
from assembly.supervision.schemas import AnalyticsQuery
from core.api import ApiError, parse_query
from core.auth import role_required
from core.db import utcnow
from core.extensions import db
from core.roles import MANAGERS, READERS

bp = Blueprint("assembly_supervision", __name__, url_prefix="/assembly")


def _settings(**urls: str) -> dict[str, Any]:
    return {
        "namespace": NAMESPACE,
        "canManage": current_user.role in MANAGERS,
        "stuckFactor": STUCK_FACTOR,
        "stuckSeconds": STUCK_S,
        "urls": urls,
    }


@bp.get("/dashboard")
@role_required(*READERS)
def dashboard() -> ResponseReturnValue:
    """Show every station live, today's counts and the pending queue lengths."""
    now = utcnow()
    settings = _settings(
        abort=url_for("assembly_floor_api.session_abort", session_id=0),
        stations=url_for("assembly_floor_api.station_list"),
        today=url_for("assembly_supervision_api.today"),
        session=url_for("assembly_records.detail", session_id=0),
    )
    stations = station_views(db.session)
    settings["stations"] = {station["id"]: station["session"] for station in stations}
    settings["serverNow"] = now.isoformat()
    context = {
        "stations": stations,
        "today": live.today_counts(db.session, now),
        "now": now,
        "elapsed": live.elapsed,
        "settings": settings,
        "can_manage": settings["canManage"],
    }
    return render_template("assembly/supervision/dashboard.html", **context)


@bp.get("/queue")
@role_required(*MANAGERS)
def queue() -> ResponseReturnValue:
    """Show every station's open jobs to add, reorder and cancel them live."""
    settings = _settings(
        jobs=url_for("assembly_floor_api.job_list"),
        stations=url_for("assembly_floor_api.station_list"),
        add=url_for("assembly_floor_api.job_create"),
        reorder=url_for("assembly_floor_api.job_reorder"),
        cancel=url_for("assembly_floor_api.job_cancel", job_id=0),
    )
    stations = live.queues(db.session)
    settings["sessions"] = {station["id"]: station["session"] for station in stations}
    context = {
        "stations": stations,
        "station_choices": [(s.id, s.name) for s in list_stations(db.session)],
        "versions": live.job_choices(db.session),
        "settings": settings,
    }
    return render_template("assembly/supervision/queue.html", **context)


@bp.get("/analytics")
@role_required(*READERS)
def analytics() -> ResponseReturnValue:
    """Show step durations against target, bottlenecks, aborts, yield and sessions per day."""
    errors: dict[str, str] = {}
    try:
        query = parse_query(AnalyticsQuery).check(db.session, utcnow().date())
    except ApiError as error:
        errors = error.fields
        query = AnalyticsQuery()
    figures = compute(db.session, query.filters(utcnow().date()))
    context = {
        "figures": figures,
        "chart": as_json(figures),
        "errors": errors,
        "values": {key: request.args.get(key, "") for key in AnalyticsQuery.model_fields},
        "projects": filter_choices(db.session)["projects"],
    }
    status = 400 if errors else 200
    return render_template("assembly/supervision/analytics.html", **context), status
