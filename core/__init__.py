"""What every module shares: config, database, auth, alerts, audit, clock, realtime, API."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from core import alerts, api, audit, auth, backup, cli, clock, ops, realtime, web
from core.extensions import csrf, db, limiter, migrate, socketio
from core.routing import DatabaseIdConverter


def trust_proxies(app: Flask) -> None:
    """Behind PROXY_COUNT reverse proxies, take the client's address and scheme from them.

    Only the headers the proxies themselves set are believed: with none configured, an
    X-Forwarded-For sent by a client is ignored (it would forge the audit's addresses).
    """
    count = app.config["PROXY_COUNT"]
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def init_app(app: Flask) -> None:
    """Bind the shared extensions and the platform's own pieces to the app."""
    app.url_map.converters["int"] = DatabaseIdConverter
    for folder in ("INSTANCE_PATH", "UPLOAD_FOLDER", "MODEL_FOLDER"):
        Path(app.config[folder]).mkdir(parents=True, exist_ok=True)
    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(Path(app.root_path) / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    socketio.init_app(
        app,
        async_mode="threading",
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        # A hung server or a cut cable shows as "Reconnecting" within ~10 s, not 45 s.
        ping_interval=5,
        ping_timeout=5,
    )
    trust_proxies(app)
    ops.init_app(app)
    auth.init_app(app)
    audit.init_app(app)
    alerts.init_app(app)
    api.init_app(app)
    realtime.init_app(app)
    clock.init_app(app)
    backup.init_app(app)
    web.init_app(app)
    cli.init_app(app)
