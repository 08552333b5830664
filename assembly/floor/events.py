"""The "/assembly" Socket.IO namespace: kiosks join "station:<id>", supervisors are joined."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_login import current_user
from flask_socketio import join_room

from assembly.const import NAMESPACE
from assembly.floor.effects import SUPERVISORS_ROOM, station_room
from core.realtime import ModuleNamespace
from core.roles import EVERYONE, MANAGERS, READERS


class AssemblyNamespace(ModuleNamespace):
    """Live sessions ("session") and queues ("queue") of the stations, for every signed-in role."""

    roles = EVERYONE

    def on_connect(self, auth: Any = None) -> None:
        """Admit signed-in users; supervisors get every station's pushes."""
        super().on_connect(auth)
        if current_user.role in MANAGERS:
            join_room(SUPERVISORS_ROOM)

    def may_join(self, room: str) -> bool:
        """Readers may follow any station; others only this Pi's own (its kiosk)."""
        if not room.startswith(station_room("")):
            return False
        return current_user.role in READERS or room == station_room(current_app.config["DEVICE_ID"])


def namespace() -> AssemblyNamespace:
    """Return the namespace to register."""
    return AssemblyNamespace(NAMESPACE)
