"""JSON API under /api/v1/alerts/: list, one alert, acknowledge, clear, comment."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from core.alerts import queries, services
from core.alerts.schemas import AlertList, AlertOut, ApiQuery, CommentBody, CommentOut
from core.api import ApiError, api_doc, parse_body, parse_query
from core.auth import role_required
from core.extensions import db
from core.roles import EVERYONE, STAFF

bp = Blueprint("alerts_api", __name__, url_prefix="/api/v1/alerts")


def _fail(error: services.AlertError) -> ApiError:
    db.session.rollback()
    return ApiError(error.status, error.message, error.fields)


@bp.get("/")
@role_required(*EVERYONE)
@api_doc("List alerts, open first", query=ApiQuery, response=AlertList, errors=(401, 422))
def alert_list() -> ResponseReturnValue:
    """Return one page of alerts matching the filters."""
    query = parse_query(ApiQuery)
    page = queries.search(
        db.session,
        module=query.module,
        severity=query.severity,
        state=query.state,
        text=query.q,
        limit=query.limit,
        offset=query.offset,
    )
    return jsonify(
        {
            "items": [alert.as_json() for alert in page.items],
            "total": page.total,
            "limit": page.limit,
            "offset": page.offset,
        }
    )


@bp.get("/<int:alert_id>")
@role_required(*EVERYONE)
@api_doc("One alert with its comments", response=AlertOut, errors=(401, 404))
def alert_detail(alert_id: int) -> ResponseReturnValue:
    """Return one alert with its comments."""
    alert = queries.get_alert(db.session, alert_id, with_comments=True)
    if alert is None:
        raise ApiError(404, f"no alert {alert_id}")
    return jsonify({**alert.as_json(), "comments": [c.as_json() for c in alert.comments]})


@bp.post("/<int:alert_id>/ack")
@role_required(*STAFF)
@api_doc("Acknowledge an alert", response=AlertOut, errors=(401, 403, 404, 409))
def alert_ack(alert_id: int) -> ResponseReturnValue:
    """Acknowledge an unacknowledged alert."""
    try:
        alert = services.acknowledge(
            db.session, alert_id, current_user, remote_addr=request.remote_addr
        )
    except services.AlertError as error:
        raise _fail(error) from None
    db.session.commit()
    return jsonify(alert.as_json())


@bp.post("/<int:alert_id>/clear")
@role_required(*STAFF)
@api_doc("Clear an alert by hand", response=AlertOut, errors=(401, 403, 404, 409))
def alert_clear(alert_id: int) -> ResponseReturnValue:
    """Clear an open alert."""
    try:
        alert = services.clear(db.session, alert_id, current_user, remote_addr=request.remote_addr)
    except services.AlertError as error:
        raise _fail(error) from None
    db.session.commit()
    return jsonify(alert.as_json())


@bp.post("/<int:alert_id>/comments")
@role_required(*STAFF)
@api_doc(
    "Comment on an alert",
    body=CommentBody,
    response=CommentOut,
    status=201,
    errors=(400, 401, 403, 404, 415, 422),
)
def alert_comment(alert_id: int) -> ResponseReturnValue:
    """Add a comment to an alert in any state."""
    body = parse_body(CommentBody)
    try:
        note = services.comment(
            db.session, alert_id, current_user, body.body, remote_addr=request.remote_addr
        )
    except services.AlertError as error:
        raise _fail(error) from None
    db.session.commit()
    return jsonify(note.as_json()), 201
