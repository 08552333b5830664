"""What follows a committed change: the LED, the Socket.IO pushes and the module's signals."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from assembly import signals
from assembly.const import NAMESPACE
from assembly.floor import leds
from assembly.floor.state import current_component, job_json, session_json
from assembly.models import AssemblySession
from core.extensions import socketio

SUPERVISORS_ROOM = "supervisors"


def station_room(station_id: str) -> str:
    """Return the Socket.IO room of one station."""
    return f"station:{station_id}"


def _emit(event: str, data: Any, station_id: str) -> None:
    socketio.emit(event, data, namespace=NAMESPACE, to=[station_room(station_id), SUPERVISORS_ROOM])


def queue_changed(session: Session, station_id: str, *job_ids: int) -> None:
    """Push the station's queue and tell listeners which jobs changed."""
    from assembly.floor.jobs import list_queue

    jobs = [job_json(job) for job in list_queue(session, station_id)]
    _emit("queue", {"station_id": station_id, "jobs": jobs}, station_id)
    for job_id in job_ids:
        signals.job_changed.send(current_app._get_current_object(), job_id=job_id)


def session_changed(session: Session, run: AssemblySession, *, job_moved: bool) -> dict[str, Any]:
    """Light the LED, push the state (and the queue if the job moved); return the state."""
    app = current_app._get_current_object()
    leds.show(app, run.station_id, current_component(run))
    state = session_json(run)
    _emit("session", state, run.station_id)
    signals.session_changed.send(app, session_id=run.id, job_id=run.job_id)
    if job_moved:
        queue_changed(session, run.station_id, run.job_id)
    return state
