"""The one background thread running an asyncio loop of periodic jobs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

from core.clock.lock import (
    LOCK_TAKEN,
    AdvisoryClockLock,
    ClockLock,
    FileClockLock,
    advisory_key,
    lock_for,
)
from core.clock.priority import raise_thread_priority

EXTENSION_KEY = "clock"
LAG_WINDOW = 600
HEARTBEAT = "clock.heartbeat"
HEARTBEAT_PERIOD_S = 0.1

logger = logging.getLogger(__name__)
Job = Callable[[], Any]

__all__ = [
    "LOCK_TAKEN",
    "AdvisoryClockLock",
    "Clock",
    "ClockLock",
    "FileClockLock",
    "JobState",
    "advisory_key",
    "every",
    "get_clock",
    "init_app",
    "lock_for",
]


@dataclass
class JobState:
    """One periodic job, its next absolute deadline and what it has measured."""

    name: str
    period: float
    func: Job
    essential: bool
    deadline: float
    ticks: int = 0
    missed: int = 0
    errors: int = 0
    last_tick: float | None = None
    lags: deque[float] = field(default_factory=lambda: deque(maxlen=LAG_WINDOW))

    def summary(self) -> dict[str, Any]:
        """Describe the job for status pages and metrics."""
        return {
            "name": self.name,
            "period_s": self.period,
            "ticks": self.ticks,
            "missed": self.missed,
            "errors": self.errors,
            "last_tick": self.last_tick,
            "lag_ms": lag_summary(self.lags),
        }


def lag_summary(lags: Any) -> dict[str, float | None]:
    """Return p50/p99/max of lags (seconds) in milliseconds, nearest-rank."""
    ordered = sorted(lags)
    if not ordered:
        return {"p50": None, "p99": None, "max": None}

    def rank(q: float) -> float:
        return round(ordered[max(0, math.ceil(q * len(ordered)) - 1)] * 1000, 3)

    return {"p50": rank(0.5), "p99": rank(0.99), "max": rank(1.0)}


class Clock:
    """Run registered jobs on absolute deadlines in one background thread."""

    def __init__(
        self,
        app: Flask | None = None,
        lock: ClockLock | None = None,
        time_fn: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.lock = lock
        self.reason: str | None = None
        self.scheduling = "normal"
        self._time = time_fn
        self._jobs: dict[str, JobState] = {}
        self._guard = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._stopping = False

    @property
    def running(self) -> bool:
        """Tell whether the background thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def wanted(self, simulators: bool) -> bool:
        """Tell whether the clock has work: the simulators are on or an essential job waits."""
        return simulators or any(job.essential for job in self.jobs)

    @property
    def jobs(self) -> list[JobState]:
        """Return the registered jobs."""
        with self._guard:
            return list(self._jobs.values())

    def every(
        self, period_s: float, job: Job, name: str | None = None, *, essential: bool = False
    ) -> JobState:
        """Run job every period_s seconds; essential jobs alone justify starting the clock."""
        if period_s <= 0:
            raise ValueError(f"period must be positive, not {period_s}")
        if asyncio.iscoroutinefunction(job):
            raise TypeError("clock jobs are plain callables; run async work yourself")
        name = name or getattr(job, "__qualname__", repr(job))
        with self._guard:
            if name in self._jobs:
                raise ValueError(f"a clock job named {name!r} is already registered")
            state = JobState(name, period_s, job, essential, self._time() + period_s)
            self._jobs[name] = state
        self._poke()
        return state

    def cancel(self, name: str) -> None:
        """Forget a job; unknown names are ignored."""
        with self._guard:
            self._jobs.pop(name, None)

    def run_due(self, now: float | None = None) -> int:
        """Run every job whose deadline has come; return how many ran."""
        ran = 0
        for job in self.jobs:
            started = self._time() if now is None else now
            if job.deadline > started:
                continue
            self._run(job, started)
            finished = self._time() if now is None else now
            self._advance(job, finished)
            ran += 1
        return ran

    def tick_once(self) -> int:
        """Run the jobs that are due now, as the thread would."""
        return self.run_due()

    def _run(self, job: JobState, started: float) -> None:
        lag = max(0.0, started - job.deadline)
        try:
            if self.app is None:
                job.func()
            else:
                with self.app.app_context():
                    job.func()
        except Exception:
            with self._guard:
                job.errors += 1
            if job.errors == 1 or job.errors % 100 == 0:
                logger.exception("clock job %s failed", job.name, extra={"errors": job.errors})
        with self._guard:
            job.ticks += 1
            job.lags.append(lag)
            job.last_tick = time.time()

    @staticmethod
    def _advance(job: JobState, finished: float) -> None:
        job.deadline += job.period
        if job.deadline <= finished:
            skipped = math.floor((finished - job.deadline) / job.period) + 1
            job.missed += skipped
            job.deadline += skipped * job.period

    def next_deadline(self) -> float | None:
        """Return the earliest deadline of all jobs, or None without jobs."""
        return min((job.deadline for job in self.jobs), default=None)

    def start(self) -> bool:
        """Take the clock lock and start the thread; tell whether the clock runs."""
        if self.running:
            return True
        try:
            taken = self.lock is None or self.lock.acquire()
        except Exception as error:  # e.g. PostgreSQL is down: say so instead of crashing
            self.reason = f"clock lock unavailable: {type(error).__name__}"
            logger.exception("clock not started: %s", self.reason)
            return False
        if not taken:
            self.reason = LOCK_TAKEN
            logger.warning("clock not started: %s", LOCK_TAKEN)
            return False
        self.reason = None
        self._stopping = False
        now = self._time()
        for job in self.jobs:
            job.deadline = now + job.period
        started = threading.Event()
        self._thread = threading.Thread(
            target=self._thread_main, args=(started,), name="shoptwin-clock", daemon=True
        )
        self._thread.start()
        started.wait(5)
        logger.info("clock started", extra={"jobs": [job.name for job in self.jobs]})
        return True

    def stop(self) -> None:
        """Stop the loop, join the thread and give the lock back."""
        thread = self._thread
        if thread is None:
            return
        self._stopping = True
        self._poke()
        thread.join()
        self._thread = None
        if self.lock is not None:
            try:
                self.lock.release()
            except Exception:  # The lock dies with its connection or process anyway.
                logger.exception("could not release the clock lock")
        logger.info("clock stopped")

    def _poke(self) -> None:
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None and not loop.is_closed():
            # The loop may close between the check and the call.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(wake.set)

    def _thread_main(self, started: threading.Event) -> None:
        if self.app is not None:
            self.scheduling = raise_thread_priority(self.app.config["CLOCK_RT_PRIORITY"])
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(self._main(loop, started))
        finally:
            self._loop = self._wake = None
            loop.close()

    async def _main(self, loop: asyncio.AbstractEventLoop, started: threading.Event) -> None:
        self._wake = asyncio.Event()
        self._loop = loop
        started.set()
        while not self._stopping:
            self.run_due()
            deadline = self.next_deadline()
            delay = 1.0 if deadline is None else deadline - self._time()
            if delay <= 0:
                continue
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)

    def status(self) -> dict[str, Any]:
        """Describe the clock: running, why not, jobs and lag over the recent window."""
        with self._guard:
            jobs = [job.summary() for job in self._jobs.values()]
            lags = [lag for job in self._jobs.values() for lag in job.lags]
        return {
            "running": self.running,
            "reason": None if self.running else (self.reason or "not started"),
            "scheduling": self.scheduling,
            "jobs": jobs,
            "ticks": sum(job["ticks"] for job in jobs),
            "missed": sum(job["missed"] for job in jobs),
            "errors": sum(job["errors"] for job in jobs),
            "lag_ms": lag_summary(lags),
        }


def get_clock(app: Flask | None = None) -> Clock:
    """Return the clock of the given app, or of the current one."""
    return (app or current_app).extensions[EXTENSION_KEY]


def every(
    period_s: float,
    job: Job,
    name: str | None = None,
    *,
    essential: bool = False,
    app: Flask | None = None,
) -> JobState:
    """Register a periodic job on the app's clock (the current app unless one is given)."""
    return get_clock(app).every(period_s, job, name, essential=essential)


def init_app(app: Flask) -> None:
    """Give the app its clock; nothing starts until core.runtime.start_services."""
    lock = lock_for(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["INSTANCE_PATH"], app.config["DEVICE_ID"]
    )
    clock = Clock(app, lock=lock)
    # A 10 Hz no-op keeps the lag measured even before any module registers a job.
    clock.every(HEARTBEAT_PERIOD_S, _heartbeat, HEARTBEAT)
    app.extensions[EXTENSION_KEY] = clock


def _heartbeat() -> None:
    """Do nothing: the tick itself is the measurement."""
