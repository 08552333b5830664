"""gunicorn settings: one gthread worker that owns the clock, the hardware and MQTT."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

bind = f"{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '8000'}"
workers = 1  # One worker owns the GPIO pins and the clock; scale with threads.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 32)
timeout = 60
graceful_timeout = 10
keepalive = 5
accesslog = None  # ShopTwin logs one structured line per request itself.
errorlog = "-"
control_socket_disable = True  # No runtime control socket in $HOME; systemd manages us.


def _flask_app(worker: Any) -> Flask | None:
    app = getattr(worker, "wsgi", None)
    return app if isinstance(app, Flask) else None


def post_worker_init(worker: Any) -> None:
    """Start the clock, hardware and MQTT in the worker, once the app is loaded."""
    from core.runtime import start_services

    app = _flask_app(worker)
    if app is not None:
        start_services(app)


def worker_exit(server: Any, worker: Any) -> None:
    """Stop the services so pins are released and the clock lock is given back."""
    from core.runtime import stop_services

    app = _flask_app(worker)
    if app is not None:
        stop_services(app)
