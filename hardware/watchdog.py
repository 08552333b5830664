"""systemd notifications (sd_notify) and the watchdog ping sent from the clock loop."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

from flask import Flask

from core.clock import get_clock

DEFAULT_PING_S = 10.0
JOB_NAME = "systemd-watchdog"

logger = logging.getLogger(__name__)


def notify_address(environ: Mapping[str, str]) -> str | None:
    """Return $NOTIFY_SOCKET as a socket address ('@name' is the abstract namespace)."""
    address = environ.get("NOTIFY_SOCKET")
    if not address:
        return None
    if address.startswith("@"):
        return "\0" + address[1:]
    return address


def sd_notify(message: str, environ: Mapping[str, str] | None = None) -> bool:
    """Send one datagram to systemd's notify socket; tell whether it was sent."""
    address = notify_address(os.environ if environ is None else environ)
    if address is None:
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.sendto(message.encode(), address)
    except OSError:
        logger.warning("sd_notify(%r) failed", message, exc_info=True)
        return False
    return True


def ping_period(environ: Mapping[str, str] | None = None) -> float | None:
    """Return how often to ping: half of WatchdogSec, 10 s if unknown, None without systemd."""
    environ = os.environ if environ is None else environ
    if notify_address(environ) is None:
        return None
    usec = environ.get("WATCHDOG_USEC", "").strip()
    if usec.isdigit() and int(usec) > 0:
        return int(usec) / 2 / 1_000_000
    return DEFAULT_PING_S


def register_watchdog(app: Flask, environ: Mapping[str, str] | None = None) -> bool:
    """Register the watchdog ping as an essential clock job when systemd asks for one."""
    period = ping_period(environ)
    clock = get_clock(app)
    if period is None or any(job.name == JOB_NAME for job in clock.jobs):
        return False
    clock.every(period, lambda: sd_notify("WATCHDOG=1", environ), JOB_NAME, essential=True)
    return True
