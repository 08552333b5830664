"""Stations: one per Pi, named after its DEVICE_ID, made the first time the kiosk is used."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from assembly.const import OPEN_RUN_STATUSES, JobState
from assembly.floor.errors import not_found
from assembly.floor.state import iso, session_json
from assembly.models import AssemblySession, Job, Station
from core.db import utcnow


def ensure_station(session: Session, device_id: str) -> Station:
    """Return the station of device_id, adding it (uncommitted) if it does not exist yet."""
    station = session.get(Station, device_id)
    if station is None:
        station = Station(id=device_id, name=device_id)
        session.add(station)
        session.flush()
    return station


def lock_station(session: Session, station_id: str) -> None:
    """Take the station's row lock (and SQLite's write lock) until the transaction ends.

    Two starts at one station, or a start racing a queue change, then run one after the
    other; the write also records when the station was last used.
    """
    session.execute(
        update(Station)
        .where(Station.id == station_id)
        .values(last_seen_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def list_stations(session: Session) -> list[Station]:
    """Return every station by id."""
    return list(session.scalars(select(Station).order_by(Station.id)))


def open_session(session: Session, station_id: str) -> AssemblySession | None:
    """Return the station's running or in-review session, if any."""
    return session.scalars(
        select(AssemblySession)
        .where(
            AssemblySession.station_id == station_id,
            AssemblySession.status.in_(OPEN_RUN_STATUSES),
        )
        .order_by(AssemblySession.id.desc())
    ).first()


def session_at(session: Session, session_id: int, station_id: str | None) -> AssemblySession:
    """Return a session, of `station_id` only when one is given, or raise a 404."""
    run = session.get(AssemblySession, session_id)
    if run is None or (station_id is not None and run.station_id != station_id):
        raise not_found("session", session_id)
    return run


def pending_counts(session: Session) -> dict[str, int]:
    """Return the number of pending jobs per station id."""
    query = (
        select(Job.station_id, func.count())
        .where(Job.state == JobState.PENDING)
        .group_by(Job.station_id)
    )
    return dict(session.execute(query).all())


def station_views(session: Session) -> list[dict[str, Any]]:
    """Describe each station: its pending queue length and its open session, if any."""
    pending = pending_counts(session)
    return [
        {
            "id": station.id,
            "name": station.name,
            "last_seen_at": iso(station.last_seen_at),
            "pending": pending.get(station.id, 0),
            "session": session_json(run) if (run := open_session(session, station.id)) else None,
        }
        for station in list_stations(session)
    ]
