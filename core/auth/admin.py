"""Admin pages: users (create, role, password, badge, PIN, deactivate) and device tokens."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from core.audit import request_actor
from core.auth import services, tokens
from core.auth.decorators import role_required
from core.auth.forms import (
    BadgeSetForm,
    PasswordResetForm,
    PinSetForm,
    TokenCreateForm,
    UserCreateForm,
    UserDetailsForm,
)
from core.auth.models import User
from core.auth.services import AuthError
from core.extensions import db
from core.roles import ADMIN

bp = Blueprint("auth_admin", __name__, url_prefix="/admin")


@bp.before_request
@role_required(ADMIN)
def require_admin() -> None:
    """Let only admins in."""


def _user_or_404(user_id: int) -> User:
    user = services.get_user(db.session, user_id)
    if user is None:
        abort(404)
    return user


def _attach(form: FlaskForm, error: AuthError, fallback: str) -> None:
    field = error.field if error.field in form else fallback
    form[field].errors = [*form[field].errors, error.message]


@bp.get("/users")
def users() -> str:
    """List every user."""
    return render_template("admin/users.html", users=services.list_users(db.session))


@bp.route("/users/new", methods=["GET", "POST"])
def user_new() -> ResponseReturnValue:
    """Create a user."""
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                db.session,
                form.username.data,
                form.password.data,
                form.role.data,
                form.display_name.data,
                actor=request_actor(),
                via="page",
            )
        except AuthError as error:
            _attach(form, error, "username")
        else:
            flash(f"User {user.username} created.", "success")
            return redirect(url_for(".user_edit", user_id=user.id))
    return render_template("admin/user_new.html", form=form), 422 if form.errors else 200


def _edit_page(user: User, status: int = 200, **forms: FlaskForm) -> ResponseReturnValue:
    defaults = {
        "details_form": UserDetailsForm(obj=user, formdata=None),
        "password_form": PasswordResetForm(formdata=None),
        "badge_form": BadgeSetForm(formdata=None),
        "pin_form": PinSetForm(formdata=None),
    }
    return render_template("admin/user_edit.html", user=user, **(defaults | forms)), status


@bp.get("/users/<int:user_id>")
def user_edit(user_id: int) -> ResponseReturnValue:
    """Show a user with the forms that change them."""
    return _edit_page(_user_or_404(user_id))


def _saved(user: User, message: str) -> Response:
    flash(message, "success")
    return redirect(url_for(".user_edit", user_id=user.id))


@bp.post("/users/<int:user_id>/details")
def user_details(user_id: int) -> ResponseReturnValue:
    """Change a user's display name and role."""
    user = _user_or_404(user_id)
    form = UserDetailsForm()
    if form.validate():
        try:
            services.update_details(
                db.session, user, form.display_name.data, form.role.data, actor=request_actor()
            )
        except AuthError as error:
            _attach(form, error, "role")
        else:
            return _saved(user, "Details saved.")
    return _edit_page(user, 422, details_form=form)


@bp.post("/users/<int:user_id>/password")
def user_password(user_id: int) -> ResponseReturnValue:
    """Set a new password for a user (their other sessions end)."""
    user = _user_or_404(user_id)
    form = PasswordResetForm()
    if form.validate():
        services.set_password(
            db.session, user, form.password.data, actor=request_actor(), via="page"
        )
        return _saved(user, "Password reset.")
    return _edit_page(user, 422, password_form=form)


def _set_credential(user_id: int, form: FlaskForm, field: str, noun: str) -> ResponseReturnValue:
    """Set or remove a kiosk credential (badge or PIN) from its form on the user page."""
    user = _user_or_404(user_id)
    setter = {"badge": services.set_badge, "pin": services.set_pin}[field]
    if form.validate():
        try:
            value = None if form.clear.data else getattr(form, field).data
            setter(db.session, user, value, actor=request_actor())
        except AuthError as error:
            _attach(form, error, field)
        else:
            return _saved(user, f"{noun} removed." if form.clear.data else f"{noun} set.")
    return _edit_page(user, 422, **{f"{field}_form": form})


@bp.post("/users/<int:user_id>/badge")
def user_badge(user_id: int) -> ResponseReturnValue:
    """Set or remove a user's badge number."""
    return _set_credential(user_id, BadgeSetForm(), "badge", "Badge")


@bp.post("/users/<int:user_id>/pin")
def user_pin(user_id: int) -> ResponseReturnValue:
    """Set or remove a user's kiosk PIN."""
    return _set_credential(user_id, PinSetForm(), "pin", "PIN")


@bp.post("/users/<int:user_id>/active/<any(on, off):state>")
def user_active(user_id: int, state: str) -> ResponseReturnValue:
    """Deactivate or reactivate a user; the last active admin stays."""
    user = _user_or_404(user_id)
    try:
        services.set_active(db.session, user, state == "on", actor=request_actor())
    except AuthError as error:
        flash(error.message, "error")
        return _edit_page(user, 409)
    return _saved(user, "User reactivated." if user.active else "User deactivated.")


@bp.get("/tokens")
def device_tokens() -> str:
    """List device tokens with the form that creates one."""
    return _tokens_page(TokenCreateForm())


def _tokens_page(form: TokenCreateForm, raw: str | None = None) -> str:
    return render_template(
        "admin/tokens.html",
        tokens=tokens.list_device_tokens(db.session),
        form=form,
        raw_token=raw,
    )


@bp.post("/tokens")
def device_token_create() -> ResponseReturnValue:
    """Create a device token and show it this once."""
    form = TokenCreateForm()
    if form.validate():
        try:
            _token, raw = tokens.create_device_token(
                db.session,
                form.name.data,
                form.device_id.data,
                current_user.id,
                actor=request_actor(),
            )
        except AuthError as error:
            _attach(form, error, "name")
        else:
            page = _tokens_page(TokenCreateForm(formdata=None), raw)
            return page, 200, {"Cache-Control": "no-store"}
    return _tokens_page(form), 422


@bp.post("/tokens/<int:token_id>/revoke")
def device_token_revoke(token_id: int) -> Response:
    """Revoke a device token."""
    token = tokens.get_device_token(db.session, token_id)
    if token is None:
        abort(404)
    tokens.revoke_device_token(db.session, token, actor=request_actor())
    flash(f"Token {token.name} revoked.", "success")
    return redirect(url_for(".device_tokens"))
