"""Predictive maintenance: lathes, jobs, tools and every RUL and failure model."""

from __future__ import annotations

from flask import Flask

from core.modules import ModuleInfo, landing_blueprint, register_module
from core.roles import EVERYONE

INFO = ModuleInfo(
    name="rul",
    title="Maintenance",
    endpoint="rul.index",
    roles=EVERYONE,
    summary="Lathe monitoring and honestly evaluated failure and remaining-useful-life models.",
)


def init_app(app: Flask) -> None:
    """Register the maintenance module's pages."""
    register_module(app, INFO)
    app.register_blueprint(landing_blueprint(INFO.name, INFO.roles))
