"""The /alerts Socket.IO namespace: signed-in users receive "alert" and "count" pushes."""

from __future__ import annotations

from typing import Any

from flask_socketio import emit

from core.alerts.const import NAMESPACE
from core.alerts.queries import open_count
from core.extensions import db
from core.realtime import ModuleNamespace


class AlertsNamespace(ModuleNamespace):
    """Live alert changes for every signed-in role; the open count is sent on connect."""

    def on_connect(self, auth: Any = None) -> None:
        """Admit signed-in users and tell them the current open count."""
        super().on_connect(auth)
        emit("count", {"open": open_count(db.session)})


def namespace() -> AlertsNamespace:
    """Return the namespace to register."""
    return AlertsNamespace(NAMESPACE)
