"""Socket.IO conventions: one namespace per module, rooms per subject, login required."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_login import current_user
from flask_socketio import Namespace, join_room

from core.extensions import socketio


class ModuleNamespace(Namespace):
    """A module's namespace: only signed-in users connect; clients may join subject rooms."""

    roles: frozenset[str] | None = None

    def on_connect(self, auth: Any = None) -> None:
        """Refuse anonymous connections and roles the namespace does not admit."""
        if not current_user.is_authenticated:
            raise ConnectionRefusedError("login required")
        if self.roles is not None and current_user.role not in self.roles:
            raise ConnectionRefusedError("role not allowed")

    def may_join(self, room: str) -> bool:
        """Tell whether the signed-in user may follow a room; modules name their own rooms."""
        return False

    def on_join(self, data: Any) -> bool:
        """Join the room of one subject, e.g. {"room": "station:1"}, if allowed; ack True/False."""
        room = data.get("room") if isinstance(data, dict) else None
        if not isinstance(room, str) or not self.may_join(room):
            return False
        join_room(room)
        return True


def register_namespace(namespace: ModuleNamespace) -> None:
    """Register a module's namespace with the app's Socket.IO server."""
    socketio.on_namespace(namespace)


def push(event: str, data: Any, namespace: str, room: str | None = None) -> None:
    """Send an event to a namespace (or one room of it) from any thread."""
    socketio.emit(event, data, namespace=namespace, to=room)


def init_app(app: Flask) -> None:
    """Nothing to bind: namespaces are registered by the modules themselves."""
