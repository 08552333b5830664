"""Users, roles, login, kiosk badge/PIN sign-in and device tokens."""

from __future__ import annotations

from flask import Flask

from core.auth.decorators import role_required

__all__ = ["init_app", "role_required"]


def init_app(app: Flask) -> None:
    """Bind the login manager and register the auth pages and commands."""
