"""What follows a committed change: the LED, the Socket.IO pushes and the module's signals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from sqlalchemy.orm import Session

from assembly import signals
from assembly.const import NAMESPACE, OPEN_RUN_STATUSES
from assembly.floor import leds
from assembly.floor.state import Lit, job_views, session_json
from assembly.models import AssemblySession
from core.extensions import socketio

EVERY_STATION_ROOM = "stations"  # readers (viewers, supervisors, admins) follow all
RunKey = tuple[int, str, int] | None
QueueKey = tuple[tuple[Any, ...], ...]


@dataclass
class Shown:
    """What this process last pushed of one station: its open session and its queue."""

    run: RunKey = None
    queue: QueueKey | None = None


def shown(app: Flask, station_id: str) -> Shown:
    """Return the app's record of what it pushed of a station (read by the station watch)."""
    seen = app.extensions.setdefault(leds.EXTENSION_KEY, {}).setdefault("shown", {})
    return seen.setdefault(station_id, Shown())


def run_key(run: AssemblySession | None) -> RunKey:
    """Identify an open session's visible state: which one, its status and its step."""
    if run is None or run.status not in OPEN_RUN_STATUSES:
        return None
    return (run.id, str(run.status), run.current_step)


def queue_key(rows: Iterable[Any]) -> QueueKey:
    """Identify a queue by its open jobs' (id, position, state), in id order."""
    return tuple(sorted((row.id, row.position, str(row.state)) for row in rows))


def station_room(station_id: str) -> str:
    """Return the Socket.IO room of one station."""
    return f"station:{station_id}"


def _emit(event: str, data: Any, station_id: str) -> None:
    socketio.emit(
        event, data, namespace=NAMESPACE, to=[station_room(station_id), EVERY_STATION_ROOM]
    )


def pedal_pressed(station_id: str, *, hold: bool) -> None:
    """Hand a GPIO pedal press with no session to drive to the station's kiosk (take a job...)."""
    socketio.emit(
        "pedal",
        {"station_id": station_id, "hold": hold},
        namespace=NAMESPACE,
        to=station_room(station_id),
    )


def queue_changed(session: Session, station_id: str, *job_ids: int) -> None:
    """Push the station's queue and tell listeners which jobs changed."""
    from assembly.floor.jobs import list_queue

    queue = list_queue(session, station_id)
    app = current_app._get_current_object()
    shown(app, station_id).queue = queue_key(queue)
    _emit("queue", {"station_id": station_id, "jobs": job_views(session, queue)}, station_id)
    for job_id in job_ids:
        signals.job_changed.send(current_app._get_current_object(), job_id=job_id)


def session_changed(
    session: Session, run: AssemblySession, light: Lit, *, job_moved: bool
) -> dict[str, Any]:
    """Show `light`, push the state (and the queue if the job moved); return the state.

    The caller reads the run's light (state.lit) before its commit expires the run: the LED
    then changes without reloading the run first.
    """
    app = current_app._get_current_object()
    leds.show(app, light.station_id, light.component_id)
    seen = shown(app, run.station_id)
    if run_key(run) is not None or (seen.run is not None and seen.run[0] == run.id):
        seen.run = run_key(run)
    state = session_json(run)
    _emit("session", state, run.station_id)
    signals.session_changed.send(app, session_id=run.id, job_id=run.job_id)
    if job_moved:
        queue_changed(session, run.station_id, run.job_id)
    return state
