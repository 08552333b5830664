"""Supervisors' live views: station dashboard, queue manager and analytics."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the supervision pages and their API."""
