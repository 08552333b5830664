"""The catalogue's two blueprints: supervisor pages and the JSON API.

An upload over MAX_CONTENT_LENGTH is refused before any field is read: both say what the
limit on pictures is (the page's own script refuses such a file before it is sent at all).
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from werkzeug.exceptions import RequestEntityTooLarge

from assembly.const import IMAGE_MAX_BYTES
from core.api import error_response
from core.web import page_error

pages = Blueprint("assembly_catalogue", __name__, url_prefix="/assembly")
api = Blueprint("assembly_catalogue_api", __name__, url_prefix="/api/v1/assembly")
TOO_LARGE = f"Must be at most {IMAGE_MAX_BYTES // 1024} KiB."


@api.errorhandler(RequestEntityTooLarge)
def _api_too_large(_error: RequestEntityTooLarge) -> Response:
    field = "image" if request.mimetype == "multipart/form-data" else "body"
    return error_response(413, "request body too large", {field: TOO_LARGE})


@pages.errorhandler(RequestEntityTooLarge)
def _page_too_large(error: RequestEntityTooLarge) -> tuple[str, int] | Response:
    detail = (
        f"That upload is far too large: a picture may be at most {IMAGE_MAX_BYTES // 1024} KiB."
        " Go back and choose a smaller file."
    )
    return page_error(error, detail)
