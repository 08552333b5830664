"""Flask-WTF forms of the session detail page; each carries a CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from assembly.records.const import ABORT_CODES, ABORT_REASON_MAX


class AbortCodeForm(FlaskForm):
    """Say why an aborted session was aborted: a code and the supervisor's note."""

    code = SelectField(
        "Abort reason code",
        choices=[
            SelectChoice("", "Choose a code…"),
            *(SelectChoice(code, label) for code, label in ABORT_CODES.items()),
        ],
        validators=[DataRequired("Choose an abort reason code.")],
    )
    note = TextAreaField(
        "Supervisor's note",
        [Length(max=ABORT_REASON_MAX)],
        description="Required for “Other”. The kiosk's reason is kept as recorded.",
    )
    submit = SubmitField("Save reason")


class SignOffForm(FlaskForm):
    """Sign a session off by re-entering one's password."""

    password = PasswordField("Your password", [DataRequired(), Length(max=1024)])
    submit = SubmitField("Sign off")
