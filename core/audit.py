"""Append-only, hash-chained log of who did what to which subject."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Bind this part of the platform to the app."""
