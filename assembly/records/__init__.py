"""Session records: lists, timelines, exports, abort codes, sign-off and the legacy import."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register this part's pages, exports and the `flask assembly` commands."""
    from assembly.records import downloads  # noqa: F401 - adds the export routes to bp
    from assembly.records.legacy.cli import assembly_cli
    from assembly.records.routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(assembly_cli)
