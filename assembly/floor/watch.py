"""Follow this station's rows for changes made by other processes, e.g. another Pi's supervisor.

Pis that share one PostgreSQL database each run their own app. A supervisor may force-abort
this station's session, or queue work for it, from any of them; only this Pi can turn its LEDs
off and tell its kiosk. Once a second it compares what it last showed with the database and,
when they differ, relights and pushes as if the change had been made here.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from assembly.const import OPEN_JOB_STATES
from assembly.floor import effects
from assembly.floor.leds import station_lock
from assembly.floor.stations import open_session
from assembly.models import AssemblySession, Job
from core.clock import every
from core.extensions import db

PERIOD_S = 1.0
JOB_NAME = "assembly.station-watch"


def follow(app: Flask) -> None:
    """Relight and push what changed at this station since this process last showed it."""
    station = app.config["DEVICE_ID"]
    with station_lock(app):
        seen = effects.shown(app)
        run = open_session(db.session, station)
        if effects.run_key(run) != seen.run:
            gone = seen.run[0] if seen.run and (run is None or run.id != seen.run[0]) else None
            ended = db.session.get(AssemblySession, gone) if gone is not None else None
            for changed in (ended, run):
                if changed is not None:
                    effects.session_changed(db.session, changed, job_moved=False)
            seen.run = effects.run_key(run)
        rows = db.session.execute(
            select(Job.id, Job.position, Job.state).where(
                Job.station_id == station, Job.state.in_(OPEN_JOB_STATES)
            )
        )
        if effects.queue_key(rows) != seen.queue:
            effects.queue_changed(db.session, station)


def watch(app: Flask) -> None:
    """Follow the station from the app's clock (an essential job: it is part of the station)."""
    every(PERIOD_S, lambda: follow(app), JOB_NAME, essential=True, app=app)
