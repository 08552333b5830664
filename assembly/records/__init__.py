"""Session records: lists, timelines, exports, analytics and the legacy import."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register this part's pages, API and commands."""
