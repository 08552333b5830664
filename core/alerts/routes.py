"""The /alerts pages: the filtered list, one alert, and the ack/clear/comment forms."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from core.alerts import queries, services
from core.alerts.const import MAX_COMMENT_LENGTH, AlertState, Severity
from core.alerts.schemas import PAGE_SIZE, PageQuery
from core.api import ApiError, parse_query
from core.auth import role_required
from core.extensions import db
from core.roles import EVERYONE, STAFF

bp = Blueprint("alerts", __name__, url_prefix="/alerts")


def _can_act() -> bool:
    return current_user.role in STAFF


@bp.get("/")
@role_required(*EVERYONE)
def index() -> ResponseReturnValue:
    """List alerts with filters by module, severity, state and text."""
    try:
        query = parse_query(PageQuery)
    except ApiError as error:
        return render_template("alerts/index.html", **_list_context(None, error.fields)), 400
    return render_template("alerts/index.html", **_list_context(query, {}))


def _list_context(query: PageQuery | None, errors: dict[str, str]) -> dict[str, object]:
    page = None
    if query is not None:
        page = queries.search(
            db.session,
            module=query.module,
            severity=query.severity,
            state=query.state,
            text=query.q,
            limit=PAGE_SIZE,
            offset=(query.page - 1) * PAGE_SIZE,
        )
    filters = {key: request.args.get(key, "") for key in ("module", "severity", "state", "q")}
    number = query.page if query else 1
    pages = max(1, -(-page.total // PAGE_SIZE)) if page else 1
    return {
        "page": page,
        "filters": filters,
        "query_args": {key: value for key, value in filters.items() if value},
        "errors": errors,
        "page_number": number,
        "page_count": pages,
        "severities": list(Severity),
        "states": list(AlertState),
        "modules": queries.sources(db.session),
    }


@bp.get("/<int:alert_id>")
@role_required(*EVERYONE)
def detail(alert_id: int) -> ResponseReturnValue:
    """Show one alert: its history, comments and the actions the user may take."""
    return _render_detail(alert_id)


def _render_detail(
    alert_id: int, error: str | None = None, status: int = 200
) -> ResponseReturnValue:
    alert = queries.get_alert(db.session, alert_id, with_comments=True)
    if alert is None:
        abort(404)
    return (
        render_template(
            "alerts/detail.html",
            alert=alert,
            can_act=_can_act(),
            error=error,
            max_comment=MAX_COMMENT_LENGTH,
        ),
        status,
    )


def _act(alert_id: int, action: str) -> ResponseReturnValue:
    try:
        if action == "ack":
            services.acknowledge(
                db.session, alert_id, current_user, remote_addr=request.remote_addr
            )
            message = "Alert acknowledged."
        elif action == "clear":
            services.clear(db.session, alert_id, current_user, remote_addr=request.remote_addr)
            message = "Alert cleared."
        else:
            body = request.form.get("body", "")
            services.comment(
                db.session, alert_id, current_user, body, remote_addr=request.remote_addr
            )
            message = "Comment added."
    except services.AlertNotFoundError:
        db.session.rollback()
        abort(404)
    except services.AlertError as error:
        db.session.rollback()
        return _render_detail(
            alert_id, error=error.message[:1].upper() + error.message[1:] + ".", status=error.status
        )
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".detail", alert_id=alert_id))


@bp.post("/<int:alert_id>/ack")
@role_required(*STAFF)
def ack(alert_id: int) -> ResponseReturnValue:
    """Acknowledge an alert."""
    return _act(alert_id, "ack")


@bp.post("/<int:alert_id>/clear")
@role_required(*STAFF)
def clear(alert_id: int) -> ResponseReturnValue:
    """Clear an alert."""
    return _act(alert_id, "clear")


@bp.post("/<int:alert_id>/comments")
@role_required(*STAFF)
def comment(alert_id: int) -> ResponseReturnValue:
    """Add a comment to an alert."""
    return _act(alert_id, "comment")
