"""Follow the stations' rows for changes made by other processes, e.g. another Pi's supervisor.

Pis that share one PostgreSQL database each run their own app. A supervisor may force-abort
this station's session, or queue work for it, from any of them; only this Pi can turn its LEDs
off and tell its kiosk. Once a second it compares what it last pushed with the database and,
when they differ, relights and pushes as if the change had been made here. It also rewires
the LEDs when a component's pin was changed elsewhere.

Without a Socket.IO message queue the pushes of the other Pis never reach this Pi's browsers,
so it follows every station that way, and its supervisors' pages stay live for all of them.
With a message queue they arrive from the Pi that made them: it follows only its own station.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import Flask
from sqlalchemy import select

from assembly.const import OPEN_JOB_STATES, OPEN_RUN_STATUSES
from assembly.floor import effects
from assembly.floor.leds import follow_wiring, station_lock
from assembly.floor.state import lit
from assembly.models import AssemblySession, Job, Station
from core.clock import every
from core.extensions import db

PERIOD_S = 1.0
JOB_NAME = "assembly.station-watch"


def _followed(app: Flask) -> list[str]:
    if app.config.get("SOCKETIO_MESSAGE_QUEUE"):
        return [app.config["DEVICE_ID"]]
    return list(db.session.scalars(select(Station.id)))


def _follow_run(app: Flask, station: str, run: AssemblySession | None) -> None:
    seen = effects.shown(app, station)
    if effects.run_key(run) == seen.run:
        return
    gone = seen.run[0] if seen.run and (run is None or run.id != seen.run[0]) else None
    ended = db.session.get(AssemblySession, gone) if gone is not None else None
    for changed in (ended, run):
        if changed is not None:
            effects.session_changed(db.session, changed, lit(changed), job_moved=False)
    seen.run = effects.run_key(run)


def follow(app: Flask) -> None:
    """Relight and push what changed at the followed stations since this process pushed it."""
    stations = _followed(app)
    with station_lock(app):
        follow_wiring(app)
        runs = {
            run.station_id: run
            for run in db.session.scalars(
                select(AssemblySession)
                .where(
                    AssemblySession.station_id.in_(stations),
                    AssemblySession.status.in_(OPEN_RUN_STATUSES),
                )
                .order_by(AssemblySession.id)
            )
        }
        jobs: dict[str, list[Any]] = defaultdict(list)
        for row in db.session.execute(
            select(Job.id, Job.position, Job.state, Job.station_id).where(
                Job.station_id.in_(stations), Job.state.in_(OPEN_JOB_STATES)
            )
        ):
            jobs[row.station_id].append(row)
        for station in stations:
            _follow_run(app, station, runs.get(station))
            if effects.queue_key(jobs[station]) != effects.shown(app, station).queue:
                effects.queue_changed(db.session, station)


def watch(app: Flask) -> None:
    """Follow the stations from the app's clock (an essential job: it is part of the station)."""
    every(PERIOD_S, lambda: follow(app), JOB_NAME, essential=True, app=app)
