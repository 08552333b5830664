"""ShopTwin application factory and the WSGI object for `gunicorn app:app`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from core.config import ROOT, Config


def create_app(config: Config | Mapping[str, Any] | None = None) -> Flask:
    """Build the app: load config, then let each package bind itself. Starts nothing."""
    if not isinstance(config, Config):
        config = Config(**dict(config or {}))
    app = Flask(
        __name__,
        instance_path=config.INSTANCE_PATH,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(config.as_dict())

    import assembly
    import core
    import hardware
    import rul
    import telemetry
    import twin

    core.init_app(app)
    hardware.init_app(app)
    rul.init_app(app)
    assembly.init_app(app)
    twin.init_app(app)
    telemetry.init_app(app)
    return app


app = create_app()
