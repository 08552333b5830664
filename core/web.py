"""The home page with each module's live status tile, the top bar's data and the error pages."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, render_template
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from core.api import http_error_response, is_api_request
from core.auth import role_required
from core.modules import ModuleInfo, modules_for
from core.roles import EVERYONE

log = logging.getLogger(__name__)

bp = Blueprint("core", __name__)

# Status codes answered with an HTML page outside /api/; /api/ paths keep their JSON errors.
PAGE_ERROR_CODES = (400, 403, 404, 405, 413, 429, 500)
UNKNOWN_STATUS = {"state": "unknown", "detail": "status unavailable"}


def module_status(info: ModuleInfo) -> dict[str, Any]:
    """Return a module's status dict, or an 'unknown' one if its status() fails."""
    try:
        status = dict(info.status())
    except Exception:
        # One broken module must not take the home page down with it.
        log.exception("status() of module %s failed", info.name)
        return dict(UNKNOWN_STATUS)
    status.setdefault("state", "unknown")
    return status


def module_tiles(role: str | None) -> list[dict[str, Any]]:
    """Return the home page tiles (info and current status) of the modules a role may see."""
    return [{"info": info, "status": module_status(info)} for info in modules_for(role)]


@bp.get("/")
@role_required(*EVERYONE)
def home() -> str:
    """Show a live status tile for each module the signed-in role may open."""
    return render_template("core/home.html", tiles=module_tiles(current_user.role))


@bp.get("/api/v1/core/modules")
@role_required(*EVERYONE)
def module_statuses() -> Response:
    """Return the current status of each module the signed-in role may open."""
    return jsonify(
        [
            {"name": tile["info"].name, "title": tile["info"].title, "status": tile["status"]}
            for tile in module_tiles(current_user.role)
        ]
    )


def top_bar_context() -> dict[str, Any]:
    """Give every template the modules for the nav, the device id and the version."""
    role = current_user.role if current_user.is_authenticated else None
    return {
        "nav_modules": modules_for(role),
        "device_id": current_app.config.get("DEVICE_ID", ""),
        "app_version": current_app.config.get("VERSION", ""),
    }


def page_error(error: HTTPException, detail: str | None = None) -> tuple[str, int] | Response:
    """Render an error page for page paths (`detail` in place of the usual sentence); answer
    /api/ paths with the API's JSON error."""
    if is_api_request():
        return http_error_response(error)
    if error.response is not None:  # the view's own answer, e.g. the kiosk's rate-limit page
        return error.response
    code = error.code or 500
    return render_template("core/error.html", error=error, code=code, detail=detail), code


def init_app(app: Flask) -> None:
    """Register the home page, the top bar's context and the HTML error pages."""
    app.register_blueprint(bp)
    app.context_processor(top_bar_context)
    app.add_template_global(module_status)
    for code in PAGE_ERROR_CODES:
        app.register_error_handler(code, page_error)
