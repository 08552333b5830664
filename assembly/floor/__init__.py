"""Stations, the job queue, kiosk sessions, LEDs and the pedal: the shop-floor run."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register this part's pages, API and commands."""
