"""Users, roles, login, kiosk badge/PIN sign-in and device tokens."""

from __future__ import annotations

from flask import Flask, Response, jsonify, redirect, request, url_for
from flask_login import login_url

from core.api import API_PREFIX
from core.auth import hashing, hooks
from core.auth.decorators import (
    current_device,
    device_token_required,
    role_required,
    user_or_device_required,
)
from core.auth.models import DeviceToken, User
from core.auth.services import load_session_user
from core.auth.tokens import authenticate_device
from core.extensions import db, login_manager

__all__ = [
    "DeviceToken",
    "User",
    "authenticate_device",
    "current_device",
    "device_token_required",
    "init_app",
    "role_required",
    "user_or_device_required",
]


def load_user(ident: str) -> User | None:
    """Return the session's user; a device-token request never acts as a cookie's user."""
    if current_device() is not None:
        return None
    return load_session_user(db.session, ident)


def unauthorized() -> Response:
    """Answer 401 JSON on the API and send pages to the login form."""
    if request.path.startswith(API_PREFIX):
        response = jsonify({"error": "login required", "fields": {}})
        response.status_code = 401
        return response
    target = request.full_path if request.query_string else request.path
    # A blueprint may name its own sign-in page, as the kiosk does its badge sign-in.
    view = login_manager.blueprint_login_views.get(request.blueprint) or login_manager.login_view
    return redirect(login_url(url_for(view), next_url=target))


def init_app(app: Flask) -> None:
    """Bind the login manager and register the auth hooks, pages, API and commands."""
    from core.auth import admin, api, cli, routes

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    hashing.init_app(app)
    hooks.init_app(app)
    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
    app.cli.add_command(cli.users)
