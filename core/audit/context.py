"""Actor fields for record(), taken from the current request (kept out of the service)."""

from __future__ import annotations

from typing import Any

from flask import g, has_request_context, request
from flask_login import current_user


def system_actor(name: str = "system") -> dict[str, Any]:
    """Return the actor fields of the platform itself (a clock job, a rule, the CLI)."""
    return {"actor_type": "system", "actor_id": None, "actor_name": name, "remote_addr": None}


def request_actor() -> dict[str, Any]:
    """Return the actor fields of whoever made the current request: user, device or nobody."""
    if not has_request_context():
        return system_actor()
    remote_addr = request.remote_addr
    device = g.get("device")
    if device is not None:
        return {
            "actor_type": "device",
            "actor_id": getattr(device, "device_id", None) or getattr(device, "id", None),
            "actor_name": getattr(device, "name", None) or "device",
            "remote_addr": remote_addr,
        }
    if current_user.is_authenticated:
        return {
            "actor_type": "user",
            "actor_id": current_user.id,
            "actor_name": current_user.display_name or current_user.username,
            "remote_addr": remote_addr,
        }
    return {
        "actor_type": "user",
        "actor_id": None,
        "actor_name": "anonymous",
        "remote_addr": remote_addr,
    }
