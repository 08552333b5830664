"""/healthz, /metrics, structured logs, start-up of services and serving under gunicorn."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable

import pytest
import socketio
from flask import Flask
from flask.testing import FlaskClient

from core.clock import LOCK_TAKEN, FileClockLock, get_clock
from core.logging import JsonFormatter
from core.ops import register_gauge
from core.runtime import runtime, start_services, stop_services
from hardware import get_hardware
from tests.fixtures.database import AppFactory
from tests.fixtures.realtime import Server, get_json


def test_healthz_is_open_to_anyone_and_reports_each_part(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["version"] == "0.1.0"
    assert body["database"]["ok"] is True
    assert body["database"]["latency_ms"] >= 0
    assert body["clock"]["running"] is False
    assert set(body["clock"]["lag_ms"]) == {"p50", "p99", "max"}
    assert body["mqtt"] == "not configured"


def test_healthz_is_503_when_the_database_is_down(app_factory: AppFactory, tmp_path) -> None:
    app = app_factory(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/x.db")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "degraded"
    assert body["database"]["ok"] is False


def test_healthz_is_503_when_the_clock_should_run_but_does_not(app_factory: AppFactory) -> None:
    app = app_factory(SIMULATORS=True)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["clock"] == {
        "running": False,
        "reason": "not started",
        "lag_ms": {"p50": None, "p99": None, "max": None},
        "ticks": 0,
    }


def test_healthz_names_the_lock_when_another_process_holds_it(app_factory: AppFactory) -> None:
    app = app_factory(SIMULATORS=True)
    clock = get_clock(app)
    holder = FileClockLock(clock.lock.path)
    assert holder.acquire()
    try:
        start_services(app)
        body = app.test_client().get("/healthz").get_json()
    finally:
        stop_services(app)
        holder.release()
    assert body["clock"]["running"] is False
    assert body["clock"]["reason"] == LOCK_TAKEN


def scrape(client: FlaskClient) -> str:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    return response.get_data(as_text=True)


def test_metrics_count_requests_by_endpoint_and_status(client: FlaskClient) -> None:
    client.get("/healthz")
    client.get("/healthz")
    client.get("/api/v1/no-such-thing")
    text = scrape(client)
    assert (
        'shoptwin_http_requests_total{endpoint="ops.healthz",method="GET",status="200"} 2.0' in text
    )
    assert 'endpoint="unmatched",method="GET",status="404"' in text
    assert (
        'shoptwin_http_request_duration_seconds_count{endpoint="ops.healthz",method="GET"} 2.0'
        in (text)
    )


def test_metrics_show_clock_lag_and_ticks(app: Flask, client: FlaskClient) -> None:
    clock = get_clock(app)
    job = clock.jobs[0]
    clock.run_due(job.deadline + 0.004)
    text = scrape(client)
    assert f'shoptwin_clock_ticks_total{{job="{job.name}"}} 1.0' in text
    assert f'shoptwin_clock_lag_seconds{{job="{job.name}",quantile="max"}} 0.004' in text
    assert "shoptwin_clock_running 0.0" in text


def test_modules_register_queue_depth_gauges(app: Flask, app_factory: AppFactory) -> None:
    depth = [3]
    register_gauge("shoptwin_ingest_queue_depth", "Readings waiting", lambda: depth[0], app=app)
    with pytest.raises(ValueError, match="already registered"):
        register_gauge("shoptwin_ingest_queue_depth", "again", lambda: 0, app=app)
    client = app.test_client()
    assert "shoptwin_ingest_queue_depth 3.0" in scrape(client)
    depth[0] = 7
    assert "shoptwin_ingest_queue_depth 7.0" in scrape(client)
    other = app_factory()
    assert "shoptwin_ingest_queue_depth" not in scrape(other.test_client()), (
        "registries are per app"
    )


def test_json_log_lines_carry_extra_fields() -> None:
    record = logging.makeLogRecord(
        {"name": "core.clock", "levelname": "WARNING", "msg": "late by %d ms", "args": (7,)}
    )
    record.job = "twin"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "core.clock"
    assert entry["message"] == "late by 7 ms"
    assert entry["job"] == "twin"
    assert entry["ts"].endswith("+00:00")


def test_each_request_logs_one_json_line_on_stderr(
    app_factory: AppFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    app = app_factory(LOG_FORMAT="json")
    app.test_client().get("/healthz?probe=1")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]
    requests = [line for line in lines if line["logger"] == "shoptwin.request"]
    assert len(requests) == 1
    assert requests[0]["method"] == "GET"
    assert requests[0]["path"] == "/healthz"
    assert requests[0]["status"] == 200
    assert requests[0]["ms"] >= 0
    assert requests[0]["user_id"] is None


def test_request_log_names_the_signed_in_user(
    client: FlaskClient, login: Callable[..., object], caplog: pytest.LogCaptureFixture
) -> None:
    user = login("supervisor")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="shoptwin.request"):
        client.get("/api/v1/hardware/state")
    record = next(r for r in caplog.records if r.name == "shoptwin.request")
    assert record.user_id == user.id
    assert record.status == 200


def test_start_services_opens_hardware_once_and_stop_closes_it(app_factory: AppFactory) -> None:
    app = app_factory(HARDWARE=True)
    assert start_services(app) is start_services(app)
    hardware = get_hardware(app)
    assert hardware.open
    assert type(hardware.factory).__name__ == "MockFactory"
    clock = get_clock(app)
    assert clock.running, "SIMULATORS is off, but the open station's watch is essential"
    assert [job.name for job in clock.jobs if job.essential] == ["assembly.station-watch"]
    stop_services(app)
    assert not hardware.open
    assert not clock.running
    assert not runtime(app).started


def test_without_simulators_or_hardware_the_clock_stays_stopped(app_factory: AppFactory) -> None:
    app = app_factory()
    start_services(app)
    try:
        assert not get_clock(app).running, "no simulator and no essential job: nothing to tick"
        assert app.test_client().get("/healthz").status_code == 200
    finally:
        stop_services(app)


def test_healthz_is_503_when_an_essential_job_has_no_clock(app_factory: AppFactory) -> None:
    app = app_factory()
    get_clock(app).every(1.0, lambda: None, "station", essential=True)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["clock"]["running"] is False


def test_a_failing_start_step_is_recorded_and_the_rest_still_starts(
    app_factory: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    app = app_factory(HARDWARE=True, GPIOZERO_PIN_FACTORY="bogus")
    state = start_services(app)
    try:
        assert "GPIOZERO_PIN_FACTORY" in state.failed["hardware"]
        assert state.started
        assert "could not start hardware" in caplog.text
    finally:
        stop_services(app)


def test_gunicorn_starts_the_services_and_serves_websockets_and_polling(
    gunicorn_server: Callable[..., Server],
) -> None:
    server = gunicorn_server(SIMULATORS="on", HARDWARE="on")
    time.sleep(0.5)
    status, body = get_json(f"{server.url}/healthz")
    assert status == 200, body
    assert body["clock"]["running"] is True
    assert body["clock"]["ticks"] >= 2, "the 10 Hz heartbeat ticks in the worker"
    for transports, expected in ((["websocket"], "websocket"), (["polling"], "polling")):
        sio = socketio.Client()
        sio.connect(server.url, transports=transports, wait_timeout=10)
        try:
            assert sio.transport() == expected
        finally:
            sio.disconnect()
    assert server.stop() == 0
    log = server.log.read_text()
    assert "services started" in log
    assert "services stopped" in log, "worker_exit stopped the clock and released the pins"
