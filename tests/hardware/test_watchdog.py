"""sd_notify reaches systemd's socket (path or abstract) and the clock pings the watchdog."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from core.clock import get_clock
from hardware.watchdog import JOB_NAME, ping_period, register_watchdog, sd_notify


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    """Bind a datagram socket where systemd's would be; yield it and its NOTIFY_SOCKET value."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = tmp_path / "notify"
    sock.bind(str(path))
    sock.settimeout(2)
    yield sock, str(path)
    sock.close()


def test_sd_notify_sends_a_datagram_to_a_path(notify_socket: tuple[socket.socket, str]) -> None:
    sock, address = notify_socket
    assert sd_notify("WATCHDOG=1", {"NOTIFY_SOCKET": address})
    assert sock.recv(64) == b"WATCHDOG=1"


def test_sd_notify_handles_the_abstract_namespace() -> None:
    name = f"shoptwin-test-{uuid.uuid4().hex}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(2)
        assert sd_notify("READY=1", {"NOTIFY_SOCKET": "@" + name})
        assert sock.recv(64) == b"READY=1"


def test_sd_notify_without_systemd_sends_nothing() -> None:
    assert sd_notify("WATCHDOG=1", {}) is False
    assert ping_period({}) is None


def test_ping_period_is_half_of_watchdog_sec() -> None:
    env = {"NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "30000000"}
    assert ping_period(env) == 15.0
    assert ping_period({"NOTIFY_SOCKET": "/run/x"}) == 10.0


def test_the_clock_job_pings_the_watchdog(
    app: Flask, notify_socket: tuple[socket.socket, str]
) -> None:
    sock, address = notify_socket
    env = {"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "2000000"}
    assert register_watchdog(app, env)
    assert not register_watchdog(app, env), "a second registration must not add a second job"
    clock = get_clock(app)
    job = next(job for job in clock.jobs if job.name == JOB_NAME)
    assert job.period == 1.0
    assert job.essential
    clock.run_due(job.deadline)
    assert job.ticks == 1
    assert sock.recv(64) == b"WATCHDOG=1"


def test_no_watchdog_job_without_systemd(app: Flask) -> None:
    assert not register_watchdog(app, {})
    assert JOB_NAME not in [job.name for job in get_clock(app).jobs]
