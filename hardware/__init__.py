"""gpiozero devices behind a small interface: LED bank, foot switch, watchdog ping."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the hardware API; devices are opened only when the app starts."""
