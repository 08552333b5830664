"""Components and versioned projects: services, supervisor pages and API."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register this part's pages, API and commands."""
