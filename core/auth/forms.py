"""Flask-WTF forms of the auth pages; each carries a CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from core.auth.services import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from core.roles import ROLES

ROLE_CHOICES = [SelectChoice(role, role.capitalize()) for role in ROLES]


def _new_password(label: str = "Password") -> PasswordField:
    length = Length(
        min=MIN_PASSWORD_LENGTH,
        max=MAX_PASSWORD_LENGTH,
        message=f"Must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters.",
    )
    return PasswordField(label, [DataRequired(), length])


def _confirm() -> PasswordField:
    return PasswordField(
        "Repeat password", [DataRequired(), EqualTo("password", "Must match the password.")]
    )


class SetupForm(FlaskForm):
    """Create the first admin."""

    username = StringField("Username", [DataRequired(), Length(max=64)])
    display_name = StringField("Display name", [DataRequired(), Length(max=120)])
    password = _new_password()
    confirm = _confirm()
    submit = SubmitField("Create admin")


class LoginForm(FlaskForm):
    """Sign in with username and password."""

    username = StringField("Username", [DataRequired(), Length(max=64)])
    password = PasswordField("Password", [DataRequired(), Length(max=1024)])
    next = HiddenField()
    submit = SubmitField("Sign in")


class BadgeForm(FlaskForm):
    """Kiosk sign-in with a scanned badge."""

    badge = PasswordField("Badge", [DataRequired(), Length(max=64)])
    next = HiddenField()
    submit = SubmitField("Sign in")


class PinForm(FlaskForm):
    """Kiosk sign-in by picking a name and typing a PIN."""

    user_id = SelectField("Name", coerce=int, validate_choice=True)
    pin = PasswordField(
        "PIN", [DataRequired(), Regexp(r"^[0-9]{4,8}$", message="Must be 4 to 8 digits.")]
    )
    next = HiddenField()
    submit = SubmitField("Sign in")


class UserCreateForm(FlaskForm):
    """Create a user."""

    username = StringField("Username", [DataRequired(), Length(max=64)])
    display_name = StringField("Display name", [DataRequired(), Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES)
    password = _new_password()
    confirm = _confirm()
    submit = SubmitField("Create user")


class UserDetailsForm(FlaskForm):
    """Change a user's display name and role."""

    display_name = StringField("Display name", [DataRequired(), Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES)
    submit = SubmitField("Save")


class PasswordResetForm(FlaskForm):
    """Set a new password for a user."""

    password = _new_password("New password")
    confirm = _confirm()
    submit = SubmitField("Reset password")


class BadgeSetForm(FlaskForm):
    """Set or clear a user's badge number."""

    badge = PasswordField("Badge number", [Optional(), Length(max=64)])
    submit = SubmitField("Set badge")
    clear = SubmitField("Remove badge")


class PinSetForm(FlaskForm):
    """Set or clear a user's kiosk PIN."""

    pin = PasswordField(
        "PIN", [Optional(), Regexp(r"^[0-9]{4,8}$", message="Must be 4 to 8 digits.")]
    )
    submit = SubmitField("Set PIN")
    clear = SubmitField("Remove PIN")


class TokenCreateForm(FlaskForm):
    """Create a device token."""

    name = StringField("Name", [DataRequired(), Length(max=120)])
    device_id = StringField("Device id", [DataRequired(), Length(max=120)])
    submit = SubmitField("Create token")
