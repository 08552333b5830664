"""The one alert centre: model, lifecycle, page, API and live pushes.

Modules call `raise_alert(...)` when a rule fires and `clear_alert(...)` when it stops firing,
inside their own transaction; once it commits, the change is pushed to "/alerts" and the
`alert_raised` / `alert_changed` signals are sent.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, has_request_context
from flask_login import current_user

from core.alerts.const import AlertState, Severity
from core.alerts.models import Alert, AlertComment
from core.alerts.queries import AlertPage, get_alert, open_count, search
from core.alerts.services import (
    AlertError,
    AlertNotFoundError,
    InvalidCommentError,
    InvalidTransitionError,
    acknowledge,
    clear,
    clear_alert,
    comment,
    raise_alert,
)
from core.alerts.signals import alert_changed, alert_raised
from core.extensions import db

__all__ = [
    "Alert",
    "AlertComment",
    "AlertError",
    "AlertNotFoundError",
    "AlertPage",
    "AlertState",
    "InvalidCommentError",
    "InvalidTransitionError",
    "Severity",
    "acknowledge",
    "alert_changed",
    "alert_raised",
    "clear",
    "clear_alert",
    "comment",
    "get_alert",
    "init_app",
    "open_count",
    "raise_alert",
    "search",
]


def _open_alert_count() -> dict[str, Any]:
    """Give every template the open count for the bell (no query for anonymous visitors)."""
    if not has_request_context() or not current_user.is_authenticated:
        return {"open_alert_count": 0}
    return {"open_alert_count": open_count(db.session)}


def init_app(app: Flask) -> None:
    """Register the alert pages, API, Socket.IO namespace and the bell's count."""
    from core.alerts import api, events, routes
    from core.realtime import register_namespace

    app.register_blueprint(routes.bp)
    app.register_blueprint(api.bp)
    app.context_processor(_open_alert_count)
    register_namespace(events.namespace())
