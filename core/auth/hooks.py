"""Per-request hooks: first-run setup redirect, device-token authentication, CSRF."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, Response, current_app, g, redirect, request, url_for

from core.api import ApiError
from core.auth.services import has_users
from core.auth.throttle import RefusalThrottle
from core.auth.tokens import audit_refused_token, authenticate_device
from core.extensions import csrf, db

STATE_KEY = "shoptwin.auth"
# Paths that work before the first admin exists; the API answers 401 on its own.
SETUP_FREE_PREFIXES = ("/static/", "/healthz", "/metrics", "/api/", "/socket.io")


@dataclass
class AuthState:
    """What the auth hooks remember per app."""

    # How often a refused device token is written to the audit log.
    refused_tokens: RefusalThrottle
    # Users are deactivated, never deleted, so once true this stays true.
    setup_done: bool = False


def auth_state() -> AuthState:
    """Return the auth state of the current app."""
    return current_app.extensions[STATE_KEY]


def token_from_headers() -> str | None:
    """Return the device token of `Authorization: Bearer` or `X-Device-Token`, if sent."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("X-Device-Token", "").strip() or None


def require_setup() -> Response | None:
    """Send every page to /setup while no user exists."""
    state = auth_state()
    if state.setup_done or request.endpoint == "auth.setup":
        return None
    if request.path.startswith(SETUP_FREE_PREFIXES) or request.endpoint == "static":
        return None
    if has_users(db.session):
        state.setup_done = True
        return None
    return redirect(url_for("auth.setup"))


def authenticate_device_header() -> None:
    """Authenticate a request that carries a device token; a bad token is a 401 (audited)."""
    raw = token_from_headers()
    if raw is None:
        return
    device = authenticate_device(db.session, raw)
    if device is None:
        throttle = auth_state().refused_tokens
        audit_refused_token(db.session, raw, remote_addr=request.remote_addr, throttle=throttle)
        raise ApiError(401, "invalid or revoked device token", {"token": "not accepted"})
    g.device = device


def protect_csrf() -> None:
    """Check the CSRF token of every write unless a device token authenticated it.

    A device token travels in a header a cross-site page cannot set, and such a request never
    acts as the cookie's user (see load_user), so there is nothing for CSRF to protect.
    """
    if current_app.config["WTF_CSRF_ENABLED"] and g.get("device") is None:
        csrf.protect(apply_exemptions=True)


def init_app(app: Flask) -> None:
    """Register the hooks, in order; Flask-WTF's own default check is turned off for ours."""
    app.extensions[STATE_KEY] = AuthState(RefusalThrottle(app.config["RATELIMIT_STORAGE_URI"]))
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.before_request(require_setup)
    app.before_request(authenticate_device_header)
    app.before_request(protect_csrf)
