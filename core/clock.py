"""The one background thread running an asyncio loop of periodic jobs."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Bind this part of the platform to the app."""
