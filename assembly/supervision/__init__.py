"""Supervisors' live views: station dashboard, queue manager and analytics."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the supervision pages and their API."""
    from assembly.supervision import api, routes

    app.register_blueprint(routes.bp)
    app.register_blueprint(api.bp)
