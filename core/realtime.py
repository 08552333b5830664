"""Socket.IO conventions: one namespace per module, rooms per subject, login required."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Bind this part of the platform to the app."""
