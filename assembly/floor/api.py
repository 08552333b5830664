"""JSON API under /api/v1/assembly/: stations, the job queue and kiosk sessions."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from assembly.const import JobState
from assembly.floor import jobs, sessions
from assembly.floor.schemas import AbortIn, JobIn, JobQuery, ProgressIn, ReorderIn, StartIn
from assembly.floor.state import job_views, session_json
from assembly.floor.stations import ensure_station, open_session, session_at, station_views
from core.api import api_doc, parse_body, parse_query
from core.audit import request_actor
from core.auth import role_required
from core.extensions import db
from core.roles import EVERYONE, MANAGERS, OPERATOR, READERS, STAFF

bp = Blueprint("assembly_floor_api", __name__, url_prefix="/api/v1/assembly")
CONFLICTS = (400, 401, 403, 404, 409, 415, 422)


def _station() -> str:
    return current_app.config["DEVICE_ID"]


def _user() -> Any:
    return current_user._get_current_object()


@bp.get("/stations")
@role_required(*READERS)
@api_doc("List stations with their open session and queue length", errors=(401, 403))
def station_list() -> ResponseReturnValue:
    """Return every station."""
    return jsonify(station_views(db.session))


@bp.get("/jobs")
@role_required(*READERS)
@api_doc("List open jobs (active, then pending in queue order)", query=JobQuery, errors=(401, 403))
def job_list() -> ResponseReturnValue:
    """Return the open jobs of one station or of all."""
    query = parse_query(JobQuery)
    return jsonify(job_views(db.session, jobs.list_queue(db.session, query.station)))


@bp.post("/jobs")
@role_required(*MANAGERS)
@api_doc("Queue a job", body=JobIn, status=201, errors=CONFLICTS)
def job_create() -> ResponseReturnValue:
    """Add a job to a station's queue (this station's by default)."""
    body = parse_body(JobIn)
    if body.station_id is None:
        ensure_station(db.session, _station())
    job = jobs.add_job(
        db.session,
        body.version_id,
        body.station_id or _station(),
        body.stack_id,
        body.quantity,
        body.serials,
        body.priority,
        created_by=current_user.id,
        actor=request_actor(),
    )
    return jsonify(job_views(db.session, [job])[0]), 201


@bp.post("/jobs/reorder")
@role_required(*MANAGERS)
@api_doc("Reorder a station's pending jobs", body=ReorderIn, errors=CONFLICTS)
def job_reorder() -> ResponseReturnValue:
    """Put the pending jobs in the given order."""
    body = parse_body(ReorderIn)
    queue = jobs.reorder(db.session, body.station_id or _station(), body.ids, actor=request_actor())
    return jsonify(job_views(db.session, queue))


@bp.post("/jobs/<int:job_id>/cancel")
@role_required(*MANAGERS)
@api_doc("Cancel a pending job", errors=(400, 401, 403, 404, 409))
def job_cancel(job_id: int) -> ResponseReturnValue:
    """Cancel a job that has not started."""
    job = jobs.cancel(db.session, job_id, actor=request_actor())
    return jsonify(job_views(db.session, [job])[0])


@bp.post("/sessions")
@role_required(*STAFF)
@api_doc("Start a session on a pending job of this station", body=StartIn, status=201)
def session_start() -> ResponseReturnValue:
    """Take a pending job of this kiosk's station and light its first step."""
    body = parse_body(StartIn)
    outcome = sessions.start(db.session, body.job_id, _user(), _station(), actor=request_actor())
    return jsonify({"session": outcome.state, "prompt": None}), 201


@bp.get("/sessions/current")
@role_required(*STAFF)
@api_doc("This station's open session (or null) and its pending jobs", errors=(401, 403))
def session_current() -> ResponseReturnValue:
    """Return what the kiosk shows: the open session with its steps, and the queue."""
    station = ensure_station(db.session, _station())
    db.session.commit()
    run = open_session(db.session, station.id)
    queue = job_views(db.session, jobs.list_queue(db.session, station.id))
    return jsonify(
        {
            "station": {"id": station.id, "name": station.name},
            "session": session_json(run) if run is not None else None,
            "queue": [job for job in queue if job["state"] == JobState.PENDING],
        }
    )


@bp.get("/sessions/<int:session_id>")
@role_required(*EVERYONE)
@api_doc("One session with its steps, as the kiosk shows it", errors=(401, 403, 404))
def session_detail(session_id: int) -> ResponseReturnValue:
    """Return a session's state; an operator sees only this station's sessions."""
    station = _station() if current_user.role == OPERATOR else None
    run = session_at(db.session, session_id, station)
    return jsonify({"session": session_json(run)})


@bp.post("/sessions/<int:session_id>/progress")
@role_required(*STAFF)
@api_doc("Press: next, review, finish or abort at a step", body=ProgressIn, errors=CONFLICTS)
def session_progress(session_id: int) -> ResponseReturnValue:
    """Apply a press of the session's own operator at this station (409 if stale)."""
    body = parse_body(ProgressIn)
    outcome = sessions.progress(
        db.session,
        session_id,
        body.action,
        body.step,
        _user(),
        _station(),
        reason=body.reason,
        actor=request_actor(),
    )
    return jsonify({"session": outcome.state, "prompt": outcome.prompt})


@bp.post("/sessions/<int:session_id>/abort")
@role_required(*MANAGERS)
@api_doc("Force-abort a stuck session with a reason", body=AbortIn, errors=CONFLICTS)
def session_abort(session_id: int) -> ResponseReturnValue:
    """Abort a session from a supervisor's browser, keeping its completed steps."""
    body = parse_body(AbortIn)
    outcome = sessions.force_abort(
        db.session,
        session_id,
        body.reason,
        _user(),
        f"web:{request.remote_addr or '?'}"[:64],
        actor=request_actor(),
    )
    return jsonify({"session": outcome.state, "prompt": None})
