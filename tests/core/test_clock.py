"""The clock runs jobs on absolute deadlines, measures its lag and runs once per host."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from flask import Flask, current_app

from core.clock import (
    HEARTBEAT,
    LOCK_TAKEN,
    AdvisoryClockLock,
    Clock,
    ClockLock,
    FileClockLock,
    advisory_key,
    every,
    get_clock,
)
from core.clock.priority import raise_thread_priority


class FakeTime:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def test_job_runs_at_each_deadline_in_an_app_context(app: Flask, fake_time: FakeTime) -> None:
    clock = Clock(app, time_fn=fake_time)
    seen: list[str] = []
    clock.every(0.1, lambda: seen.append(current_app.name), name="twin")
    assert clock.run_due(100.05) == 0
    assert clock.run_due(100.1) == 1
    assert clock.run_due(100.15) == 0
    assert clock.run_due(100.2) == 1
    assert seen == [app.name, app.name]
    status = clock.status()
    assert status["ticks"] == 2
    assert status["jobs"][0]["missed"] == 0


def test_lag_is_actual_minus_scheduled_start(fake_time: FakeTime) -> None:
    clock = Clock(time_fn=fake_time)
    clock.every(1.0, lambda: None, name="slow")
    clock.run_due(101.002)
    clock.run_due(102.010)
    lag = clock.status()["jobs"][0]["lag_ms"]
    assert lag["p50"] == pytest.approx(2.0)
    assert lag["max"] == pytest.approx(10.0)
    assert clock.status()["lag_ms"]["p99"] == pytest.approx(10.0)


def test_late_ticks_are_skipped_and_counted_not_run_in_a_burst(fake_time: FakeTime) -> None:
    clock = Clock(time_fn=fake_time)
    runs: list[float] = []
    job = clock.every(0.1, lambda: runs.append(fake_time.now), name="twin")
    clock.run_due(100.35)  # deadlines 100.1, .2, .3 have all come
    assert len(runs) == 1
    assert job.missed == 2
    assert job.deadline == pytest.approx(100.4), "the schedule keeps its phase"
    assert clock.run_due(100.36) == 0


def test_a_slow_job_does_not_drift_the_schedule(fake_time: FakeTime) -> None:
    clock = Clock(time_fn=fake_time)

    def slow() -> None:
        fake_time.now += 0.25  # takes two and a half periods

    job = clock.every(0.1, slow, name="slow")
    fake_time.now = 100.1
    clock.tick_once()
    assert job.missed == 2
    assert job.deadline == pytest.approx(100.4)


def test_a_failing_job_is_counted_and_the_others_still_run(
    fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock(time_fn=fake_time)
    ran: list[int] = []

    def broken() -> None:
        raise RuntimeError("boom")

    clock.every(0.1, broken, name="broken")
    clock.every(0.1, lambda: ran.append(1), name="fine")
    clock.run_due(100.1)
    clock.run_due(100.2)
    status = {job["name"]: job for job in clock.status()["jobs"]}
    assert status["broken"]["errors"] == 2
    assert status["broken"]["ticks"] == 2
    assert ran == [1, 1]
    assert "clock job broken failed" in caplog.text


def test_bad_registrations_are_refused(fake_time: FakeTime) -> None:
    clock = Clock(time_fn=fake_time)
    clock.every(1, lambda: None, name="a")
    with pytest.raises(ValueError, match="already registered"):
        clock.every(1, lambda: None, name="a")
    with pytest.raises(ValueError, match="positive"):
        clock.every(0, lambda: None, name="b")

    async def coroutine() -> None:
        return None

    with pytest.raises(TypeError):
        clock.every(1, coroutine, name="c")


def test_every_registers_on_the_current_apps_clock(app: Flask) -> None:
    with app.app_context():
        every(0.5, lambda: None, name="twin-tick")
    assert [job.name for job in get_clock(app).jobs] == [HEARTBEAT, "twin-tick"]
    assert get_clock(app) is app.extensions["clock"]


def test_the_real_thread_ticks_a_10_hz_job_about_ten_times_a_second(app: Flask) -> None:
    clock = Clock(app)
    ticks: list[float] = []
    clock.every(0.1, lambda: ticks.append(time.monotonic()), name="ten-hertz")
    assert clock.start()
    assert clock.start(), "start() is idempotent"
    time.sleep(1.05)
    status = clock.status()
    clock.stop()
    assert not clock.running
    assert 8 <= len(ticks) <= 11  # one tick may be skipped on a busy 2-core machine
    assert status["running"] is True
    assert status["lag_ms"]["p50"] < 20


def lock_kinds() -> list[str]:
    """SQLite always; PostgreSQL only when TEST_DATABASE_URL names one."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    return ["sqlite", "postgresql"] if url.startswith("postgresql") else ["sqlite"]


def make_lock(kind: str, tmp_path: Path, device: str = "station-1") -> ClockLock:
    if kind == "postgresql":
        return AdvisoryClockLock(os.environ["TEST_DATABASE_URL"], advisory_key(device))
    return FileClockLock(tmp_path / "shoptwin.db.clock.lock")


@pytest.mark.parametrize("kind", lock_kinds())
def test_a_second_clock_on_the_same_database_does_not_start(kind: str, tmp_path: Path) -> None:
    first = Clock(lock=make_lock(kind, tmp_path))
    second = Clock(lock=make_lock(kind, tmp_path))
    assert first.lock.acquire()  # what start() does first; no thread needed to hold the lock
    try:
        assert second.start() is False
        assert second.status()["running"] is False
        assert second.status()["reason"] == LOCK_TAKEN
    finally:
        first.lock.release()
    assert second.lock.acquire(), "the lock is free once the first clock lets go"
    second.lock.release()


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="needs PostgreSQL: make test sets TEST_DATABASE_URL when the local server answers",
)
def test_pis_sharing_one_postgresql_database_each_run_their_clock(tmp_path: Path) -> None:
    here, there = make_lock("postgresql", tmp_path), make_lock("postgresql", tmp_path, "pi-2")
    assert here.acquire()
    try:
        assert there.acquire(), "another Pi's clock (its watchdog, its station) must run too"
        there.release()
    finally:
        here.release()


def test_app_clock_lock_sits_next_to_the_sqlite_file(app: Flask) -> None:
    lock = get_clock(app).lock
    assert isinstance(lock, FileClockLock)
    database = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    assert lock.path == Path(f"{database}.clock.lock")


def test_an_unreachable_lock_database_keeps_the_clock_stopped_and_says_why() -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    clock = Clock(lock=AdvisoryClockLock(url, advisory_key("station-1")))
    assert clock.start() is False
    assert clock.status()["reason"] == "clock lock unavailable: OperationalError"


def test_clock_thread_priority_is_what_the_os_reports() -> None:
    # Root or LimitRTPRIO gets SCHED_FIFO; otherwise the thread keeps normal scheduling.
    seen: dict[str, object] = {}

    def body() -> None:
        seen["said"] = raise_thread_priority(5)
        seen["policy"] = os.sched_getscheduler(0)

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    expected = "SCHED_FIFO 5" if seen["policy"] == os.SCHED_FIFO else "normal"
    assert seen["said"] == expected
    assert raise_thread_priority(0) == "normal"
