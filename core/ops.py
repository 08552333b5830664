"""Operations endpoints and logging: /healthz, /metrics, structured logs."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import redis
from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric
from sqlalchemy import text

from core import logging as ops_logging
from core.clock import Clock
from core.extensions import db

EXTENSION_KEY = "ops"
MQTT_EXTENSION_KEY = "mqtt"
QUEUE_PING_KEY = "ops.message_queue_ping"
blueprint = Blueprint("ops", __name__)


class AppCollector:
    """Read the clock and the registered queue gauges at scrape time."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.gauges: dict[str, tuple[str, Callable[[], float]]] = {}

    def collect(self) -> Iterator[Metric]:
        """Yield the clock's lag and ticks per job, then each registered gauge."""
        clock: Clock | None = self.app.extensions.get("clock")
        if clock is not None:
            status = clock.status()
            lag = GaugeMetricFamily(
                "shoptwin_clock_lag_seconds",
                "Clock job start lag over the recent window",
                labels=["job", "quantile"],
            )
            ticks = CounterMetricFamily("shoptwin_clock_ticks", "Clock job runs", labels=["job"])
            missed = CounterMetricFamily(
                "shoptwin_clock_missed_ticks", "Clock ticks skipped", labels=["job"]
            )
            for job in status["jobs"]:
                for quantile, value in job["lag_ms"].items():
                    if value is not None:
                        lag.add_metric([job["name"], quantile], value / 1000)
                ticks.add_metric([job["name"]], job["ticks"])
                missed.add_metric([job["name"]], job["missed"])
            running = GaugeMetricFamily("shoptwin_clock_running", "1 when the clock runs")
            running.add_metric([], 1.0 if status["running"] else 0.0)
            yield from (lag, ticks, missed, running)
        for name, (help_text, read) in self.gauges.items():
            gauge = GaugeMetricFamily(name, help_text)
            gauge.add_metric([], float(read()))
            yield gauge


@dataclass
class Ops:
    """The app's metrics registry and the request metrics recorded into it."""

    registry: CollectorRegistry
    collector: AppCollector
    requests: Counter
    latency: Histogram


def register_gauge(
    name: str, help_text: str, read: Callable[[], float], app: Flask | None = None
) -> None:
    """Expose read() as a gauge on /metrics, e.g. a module's queue depth."""
    ops: Ops = (app or current_app).extensions[EXTENSION_KEY]
    if name in ops.collector.gauges:
        raise ValueError(f"a gauge named {name!r} is already registered")
    ops.collector.gauges[name] = (help_text, read)


def database_health() -> dict[str, Any]:
    """Run SELECT 1 and time it."""
    started = time.perf_counter()
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        return {"ok": False, "error": type(error).__name__, "latency_ms": None}
    return {"ok": True, "latency_ms": round((time.perf_counter() - started) * 1000, 2)}


def mqtt_health(app: Flask) -> str:
    """Say whether the broker link is up, or that none is configured."""
    if not app.config.get("MQTT_URL"):
        return "not configured"
    link = app.extensions.get(MQTT_EXTENSION_KEY)
    return "connected" if link is not None and link.connected else "disconnected"


def message_queue_health(app: Flask) -> str:
    """Ping the Socket.IO message queue (Redis) with a short timeout, if one is configured.

    Without it no push reaches any browser, so the app is not healthy while it is unreachable.
    """
    url = app.config.get("SOCKETIO_MESSAGE_QUEUE")
    if not url:
        return "not configured"
    client = app.extensions.get(QUEUE_PING_KEY)
    if client is None:
        client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        app.extensions[QUEUE_PING_KEY] = client
    try:
        client.ping()
    except redis.RedisError:
        return "unreachable"
    return "connected"


def health(app: Flask) -> tuple[dict[str, Any], bool]:
    """Collect the state of each part and tell whether all are as they should be."""
    database = database_health()
    clock: Clock = app.extensions["clock"]
    status = clock.status()
    mqtt = mqtt_health(app)
    queue = message_queue_health(app)
    clock_ok = status["running"] or not clock.wanted(app.config["SIMULATORS"])
    healthy = database["ok"] and clock_ok and mqtt != "disconnected" and queue != "unreachable"
    body = {
        "status": "ok" if healthy else "degraded",
        "version": app.config["VERSION"],
        "database": database,
        "clock": {
            "running": status["running"],
            "reason": status["reason"],
            "lag_ms": status["lag_ms"],
            "ticks": status["ticks"],
        },
        "mqtt": mqtt,
        "message_queue": queue,
    }
    return body, healthy


@blueprint.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Report database, clock, MQTT and message queue; 503 when a part is down."""
    body, healthy = health(current_app)
    return jsonify(body), 200 if healthy else 503


@blueprint.get("/metrics")
def metrics() -> Response:
    """Serve the app's metrics in the Prometheus text format."""
    ops: Ops = current_app.extensions[EXTENSION_KEY]
    return Response(generate_latest(ops.registry), mimetype=CONTENT_TYPE_LATEST)


def _record_request(response: Response) -> Response:
    ops: Ops = current_app.extensions[EXTENSION_KEY]
    endpoint = request.endpoint or "unmatched"
    ops.requests.labels(request.method, endpoint, str(response.status_code)).inc()
    started = g.get("request_started")
    if started is not None:
        ops.latency.labels(request.method, endpoint).observe(time.perf_counter() - started)
    return response


def init_app(app: Flask) -> None:
    """Set up logging, the metrics registry and the /healthz and /metrics endpoints."""
    ops_logging.init_app(app)
    registry = CollectorRegistry()
    collector = AppCollector(app)
    registry.register(collector)
    app.extensions[EXTENSION_KEY] = Ops(
        registry=registry,
        collector=collector,
        requests=Counter(
            "shoptwin_http_requests",
            "HTTP requests answered",
            ["method", "endpoint", "status"],
            registry=registry,
        ),
        latency=Histogram(
            "shoptwin_http_request_duration_seconds",
            "Time to answer an HTTP request",
            ["method", "endpoint"],
            registry=registry,
        ),
    )
    app.after_request(_record_request)
    app.register_blueprint(blueprint)
