"""The "/assembly" Socket.IO namespace: kiosks join their "station:<id>"; readers get all."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_login import current_user
from flask_socketio import join_room

from assembly.const import NAMESPACE
from assembly.floor.effects import EVERY_STATION_ROOM, station_room
from core.realtime import ModuleNamespace
from core.roles import EVERYONE, READERS


class AssemblyNamespace(ModuleNamespace):
    """Live sessions ("session") and queues ("queue") of the stations, for every signed-in role."""

    roles = EVERYONE

    def on_connect(self, auth: Any = None) -> None:
        """Admit signed-in users; readers get every station's pushes from the first moment."""
        super().on_connect(auth)
        if current_user.role in READERS:
            join_room(EVERY_STATION_ROOM)

    def may_join(self, room: str) -> bool:
        """Let a kiosk follow this Pi's own station; no other room can be asked for."""
        return room == station_room(current_app.config["DEVICE_ID"])


def namespace() -> AssemblyNamespace:
    """Return the namespace to register."""
    return AssemblyNamespace(NAMESPACE)
