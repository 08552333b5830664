"""The factory assembles every module and importing app has no side effects."""

import subprocess
import sys
import threading
import time

from flask import Flask


def test_every_module_has_a_landing_page(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    for module in ("assembly", "twin", "telemetry", "rul"):
        assert f"{module}.index" in endpoints


def test_creating_the_app_starts_no_thread(app_factory) -> None:
    # The rate limiter's in-memory storage arms a one-shot 10 ms expiry timer; let it run out.
    time.sleep(0.2)
    before = set(threading.enumerate())
    app_factory()
    time.sleep(0.2)
    assert set(threading.enumerate()) == before


def test_importing_app_starts_nothing(tmp_path) -> None:
    code = (
        "import threading, app, sys; "
        "assert threading.active_count() == 1, threading.enumerate(); "
        "assert 'RPi' not in sys.modules and 'lgpio' not in sys.modules"
    )
    env = {"INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
