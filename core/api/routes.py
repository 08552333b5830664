"""The OpenAPI document and its browsable docs page; both public, for device integrators."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template

from core.api.openapi import build_openapi
from core.api.spec import api_doc

EXTENSION_KEY = "shoptwin.openapi"

blueprint = Blueprint("api", __name__, url_prefix="/api")


@blueprint.get("/openapi.json")
@api_doc("The OpenAPI 3.1 document of this API", auth=())
def openapi() -> dict[str, Any]:
    """Answer the OpenAPI document, built once per app (routes are fixed after startup)."""
    extensions = current_app.extensions
    if EXTENSION_KEY not in extensions:
        extensions[EXTENSION_KEY] = build_openapi(current_app)
    return extensions[EXTENSION_KEY]


@blueprint.get("/docs")
@api_doc("Browsable API documentation (Swagger UI)", auth=(), media_type="text/html")
def docs() -> str:
    """Render Swagger UI over the OpenAPI document, from vendored files only."""
    return render_template("api/docs.html")
