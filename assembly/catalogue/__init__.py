"""Components and versioned projects: services, supervisor pages and API."""

from __future__ import annotations

import logging

from flask import Flask

from assembly.catalogue.services.images import adopt_local_images
from assembly.catalogue.web import (  # noqa: F401 - registers the routes
    api_components,
    api_projects,
    component_pages,
    project_pages,
)
from assembly.catalogue.web.blueprints import api as api_blueprint
from assembly.catalogue.web.blueprints import pages as pages_blueprint
from core.extensions import db
from core.runtime import on_start

logger = logging.getLogger(__name__)


def adopt_pictures(app: Flask) -> None:
    """At start, copy this Pi's own old picture files into the database (see images.py)."""
    with app.app_context():
        adopted, missing = adopt_local_images(db.session, app.config["UPLOAD_FOLDER"])
    if adopted:
        logger.info("pictures copied into the database: %s", ", ".join(adopted))
    if missing:
        logger.warning(
            "pictures named by components but on no Pi started so far: %s", ", ".join(missing)
        )


def init_app(app: Flask) -> None:
    """Register this part's pages, API and the start hook that adopts old picture files."""
    app.register_blueprint(pages_blueprint)
    app.register_blueprint(api_blueprint)
    on_start(app, "assembly-pictures", adopt_pictures)
