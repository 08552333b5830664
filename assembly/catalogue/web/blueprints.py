"""The catalogue's two blueprints: supervisor pages and the JSON API."""

from __future__ import annotations

from flask import Blueprint

pages = Blueprint("assembly_catalogue", __name__, url_prefix="/assembly")
api = Blueprint("assembly_catalogue_api", __name__, url_prefix="/api/v1/assembly")
