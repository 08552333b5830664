"""Give the clock thread real-time scheduling where the OS allows it."""

from __future__ import annotations

import logging
import os

logger = logging.getLogger(__name__)


def raise_thread_priority(priority: int) -> str:
    """Put the calling thread under SCHED_FIFO at priority; return what it runs under now.

    A 10 Hz control loop must not wait behind request threads for a CPU. This needs root or
    CAP_SYS_NICE (the systemd unit grants it); without it the thread keeps normal scheduling.
    """
    if priority <= 0:
        return "normal"
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(priority))
    except (OSError, AttributeError) as error:
        logger.warning("clock keeps normal scheduling: %s", error)
        return "normal"
    return f"SCHED_FIFO {priority}"
