"""Components and versioned projects: services, supervisor pages and API."""

from __future__ import annotations

from flask import Flask

from assembly.catalogue.web import (  # noqa: F401 - registers the routes
    api_components,
    api_projects,
    component_pages,
    project_pages,
)
from assembly.catalogue.web.blueprints import api as api_blueprint
from assembly.catalogue.web.blueprints import pages as pages_blueprint


def init_app(app: Flask) -> None:
    """Register this part's pages, API and commands."""
    app.register_blueprint(pages_blueprint)
    app.register_blueprint(api_blueprint)
