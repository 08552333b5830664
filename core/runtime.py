"""Start and stop the app's background services on purpose: clock, hardware, MQTT."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask

from core import mqtt
from core.clock import get_clock

EXTENSION_KEY = "runtime"

logger = logging.getLogger(__name__)
Hook = Callable[[Flask], None]


@dataclass
class StartHook:
    """A module's start (and stop) step, e.g. the hardware layer opening its pins."""

    name: str
    start: Hook
    stop: Hook | None = None


@dataclass
class Runtime:
    """What start_services has started in this process."""

    hooks: list[StartHook] = field(default_factory=list)
    started: bool = False
    failed: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def runtime(app: Flask) -> Runtime:
    """Return the app's runtime record, creating it on first use."""
    return app.extensions.setdefault(EXTENSION_KEY, Runtime())


def on_start(app: Flask, name: str, start: Hook, stop: Hook | None = None) -> None:
    """Have start_services call start(app) (and stop_services call stop(app))."""
    runtime(app).hooks.append(StartHook(name, start, stop))


def start_services(app: Flask) -> Runtime:
    """Connect MQTT, run the start hooks, then start the clock; a second call does nothing."""
    state = runtime(app)
    with state.lock:
        if state.started:
            return state
        if app.config.get("MQTT_URL"):
            mqtt.connect(app)
        for hook in state.hooks:
            try:
                hook.start(app)
            except Exception as error:
                state.failed[hook.name] = f"{type(error).__name__}: {error}"
                logger.exception("could not start %s", hook.name)
        # Everything built so far lives as long as the process: keep it out of the collector's
        # full passes, which otherwise hold the GIL for ~80 ms and stall the 10 Hz clock.
        gc.collect()
        gc.freeze()
        clock = get_clock(app)
        if clock.wanted(app.config["SIMULATORS"]):
            clock.start()
        state.started = True
        logger.info("services started", extra={"clock": clock.running, "failed": state.failed})
    return state


def stop_services(app: Flask) -> None:
    """Stop the clock, run the stop hooks in reverse and close MQTT."""
    state = runtime(app)
    with state.lock:
        if not state.started:
            return
        get_clock(app).stop()
        for hook in reversed(state.hooks):
            if hook.stop is None or hook.name in state.failed:
                continue
            try:
                hook.stop(app)
            except Exception:
                logger.exception("could not stop %s", hook.name)
        mqtt.disconnect(app)
        state.started = False
        state.failed.clear()
        logger.info("services stopped")
