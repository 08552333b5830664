"""Sign-in pages: first-run setup, login, logout and kiosk badge/PIN sign-in."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_limiter import RequestLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from core.audit import request_actor
from core.auth.forms import BadgeForm, LoginForm, PinForm, SetupForm
from core.auth.models import User
from core.auth.services import (
    AuthError,
    authenticate_badge,
    authenticate_password,
    authenticate_pin,
    create_first_admin,
    has_users,
    kiosk_users,
    pin_locked,
    record_logout,
)
from core.extensions import db, limiter

bp = Blueprint("auth", __name__)
LOGIN_FAILED = "Unknown username or wrong password."
PIN_LOCKED = "Too many wrong PINs: this name is locked for 15 minutes. Scan your badge instead."


def login_rate_limit() -> str:
    """Return the configured sign-in rate limit, e.g. "10 per minute"."""
    return current_app.config["LOGIN_RATE_LIMIT"]


def kiosk_attempt_key() -> str:
    """Count kiosk sign-in failures per address and way in: badge scans, or one name's PINs.

    Every sign-in at a glove box comes from the Pi's own address: one operator's wrong PINs (or
    a flaky badge reader) must not lock the next operator's badge out.
    """
    way = "badge" if "badge-badge" in request.form else f"pin:{request.form.get('pin-user_id')}"
    return f"{get_remote_address()}|{way}"


def kiosk_limited(limit: RequestLimit) -> Response:
    """Answer a limited kiosk sign-in on the kiosk's own page, saying what to do."""
    seconds = max(1, int(limit.reset_at - time.time()))
    badge_form, pin_form = _kiosk_forms(request.args.get("next", ""))
    error = f"Too many failed sign-ins this way: wait {seconds} s, or sign in the other way."
    page = render_template(
        "auth/kiosk_login.html", badge_form=badge_form, pin_form=pin_form, error=error
    )
    return make_response(page, 429, {"Retry-After": str(seconds)})


def failed_attempt(response: Response) -> bool:
    """Count a sign-in attempt against the limit unless it signed someone in (a redirect)."""
    return response.status_code != 302


def home_url() -> str:
    """Return the site's home page."""
    return request.script_root + "/"


def safe_next(target: str | None, fallback: str | None = None) -> str:
    """Return target if it is a path on this site, else fallback (default: the home page)."""
    fallback = fallback or home_url()
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or not target.isprintable():
        return fallback
    return target


def sign_in(user: User, target: str | None, fallback: str | None = None) -> Response:
    """Start the user's session and go where they were heading (or to fallback)."""
    login_user(user)
    return redirect(safe_next(target, fallback))


@bp.route("/setup", methods=["GET", "POST"])
def setup() -> ResponseReturnValue:
    """Create the first admin; gone once any user exists."""
    if has_users(db.session):
        abort(404)
    form = SetupForm()
    if form.validate_on_submit():
        try:
            user = create_first_admin(
                db.session,
                form.username.data,
                form.password.data,
                form.display_name.data,
                actor=request_actor(),
            )
        except AuthError as error:
            form[error.field or "username"].errors.append(error.message)
        else:
            return sign_in(user, None)
    return render_template("auth/setup.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"], deduct_when=failed_attempt)
def login() -> ResponseReturnValue:
    """Sign in with username and password."""
    form = LoginForm(next=request.args.get("next", ""))
    if request.method == "GET" and current_user.is_authenticated:
        return redirect(safe_next(form.next.data))
    error = None
    if form.validate_on_submit():
        user = authenticate_password(
            db.session, form.username.data, form.password.data, actor=request_actor()
        )
        if user is not None:
            return sign_in(user, form.next.data)
        error = LOGIN_FAILED
    return render_template("auth/login.html", form=form, error=error)


@bp.post("/logout")
def logout() -> Response:
    """End the session (POST with a CSRF token, so no page can sign a user out).

    A kiosk posts `next` to go back to its badge sign-in rather than the password page.
    """
    if current_user.is_authenticated:
        record_logout(db.session, current_user, actor=request_actor())
    logout_user()
    return redirect(safe_next(request.form.get("next"), url_for(".login")))


def _kiosk_forms(target: str) -> tuple[BadgeForm, PinForm]:
    badge_form = BadgeForm(prefix="badge", next=target)
    pin_form = PinForm(prefix="pin", next=target)
    pin_form.user_id.choices = [
        SelectChoice(user.id, user.display_name) for user in kiosk_users(db.session)
    ]
    return badge_form, pin_form


@bp.route("/kiosk/login", methods=["GET", "POST"])
@limiter.limit(
    login_rate_limit,
    key_func=kiosk_attempt_key,
    methods=["POST"],
    deduct_when=failed_attempt,
    on_breach=kiosk_limited,
)
def kiosk_login() -> ResponseReturnValue:
    """Sign an operator in at a kiosk by badge scan, or by name and PIN."""
    badge_form, pin_form = _kiosk_forms(request.args.get("next", ""))
    error = None
    if badge_form.badge.name in request.form and badge_form.validate_on_submit():
        user = authenticate_badge(db.session, badge_form.badge.data, actor=request_actor())
        if user is not None:
            return sign_in(user, badge_form.next.data, current_app.config["KIOSK_HOME"])
        error = "Badge not recognised."
        badge_form.badge.data = ""
    elif pin_form.pin.name in request.form and pin_form.validate_on_submit():
        user = authenticate_pin(
            db.session, pin_form.user_id.data, pin_form.pin.data, actor=request_actor()
        )
        if user is not None:
            return sign_in(user, pin_form.next.data, current_app.config["KIOSK_HOME"])
        error = "Wrong PIN."
        if pin_locked(db.session, pin_form.user_id.data):
            error = PIN_LOCKED
    return render_template(
        "auth/kiosk_login.html", badge_form=badge_form, pin_form=pin_form, error=error
    )
