"""The one alert centre: model, lifecycle, page, API and live pushes."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the alert pages, API and Socket.IO namespace."""
