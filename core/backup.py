"""Consistent online backup and restore of the database, uploads and models."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Bind this part of the platform to the app."""
