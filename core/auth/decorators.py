"""Route guards: by role, by device token, or either."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, g
from flask_login import current_user

from core.api import ApiError
from core.auth.models import DeviceToken
from core.extensions import login_manager

View = Callable[..., Any]


def current_device() -> DeviceToken | None:
    """Return the device token this request was authenticated with, if any."""
    return g.get("device")


def _guard(allowed: frozenset[str], *, devices: bool) -> Callable[[View], View]:
    """Build a decorator admitting users with an allowed role (and devices if asked)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if devices and current_device() is not None:
                return view(*args, **kwargs)
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        guarded.required_roles = allowed  # type: ignore[attr-defined]  # read by the OpenAPI doc
        return guarded

    return decorate


def role_required(*roles: str) -> Callable[[View], View]:
    """Let only signed-in users with one of these roles through (403 otherwise)."""
    return _guard(frozenset(roles), devices=False)


def device_token_required(view: View) -> View:
    """Let only requests carrying a live device token through (401 otherwise); see g.device."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if current_device() is None:
            raise ApiError(401, "a device token is required", {"token": "missing"})
        return view(*args, **kwargs)

    return guarded


def user_or_device_required(*roles: str) -> Callable[[View], View]:
    """Let through a device token, or a signed-in user with one of these roles."""
    return _guard(frozenset(roles), devices=True)
