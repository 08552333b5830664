"""Glue the catalogue pages and API share: config values and service errors on forms."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import abort, current_app
from flask_wtf import FlaskForm
from wtforms import Field, FieldList, FormField
from wtforms.form import BaseForm

from assembly.catalogue.services import CatalogueError, NotFoundError
from core.api import ApiError
from core.extensions import db


def foot_switch_pin() -> int:
    """Return the configured foot switch pin (never usable by an LED)."""
    return int(current_app.config["FOOT_SWITCH_PIN"])


def upload_folder() -> Path:
    """Return the instance's upload folder."""
    return Path(current_app.config["UPLOAD_FOLDER"])


def page_error(error: CatalogueError, form: FlaskForm | None = None) -> str:
    """Undo the transaction, 404 if something is missing, else put field errors on the form.

    Return the message not tied to a form field (empty if every error found its field).
    """
    db.session.rollback()
    if isinstance(error, NotFoundError):
        abort(404)
    loose = []
    for name, message in (error.fields or {"": error.message}).items():
        field = _field(form, name) if form is not None else None
        if field is None:
            loose.append(message if name in ("", "component", "body") else f"{name}: {message}")
        else:
            field.errors = [*field.errors, message]
    if loose and error.message not in loose[0]:
        loose.insert(0, error.message[:1].upper() + error.message[1:] + ".")
    return " ".join(loose)


def _field(form: BaseForm, dotted: str) -> Field | None:
    """Find the form field a service names as "name" or "steps.2.label"."""
    current: BaseForm | Field = form
    for part in dotted.split("."):
        if isinstance(current, FormField):
            current = current.form
        if isinstance(current, FieldList):
            if not part.isdigit() or int(part) >= len(current.entries):
                return None
            current = current.entries[int(part)]
        elif isinstance(current, BaseForm) and part in current:
            current = current[part]
        else:
            return None
    usable = isinstance(current, Field) and not isinstance(current, FieldList)
    return current if usable else None


@contextmanager
def refusals() -> Iterator[None]:
    """Answer a service refusal inside the block as the API's JSON error, undoing the change."""
    try:
        yield
    except CatalogueError as error:
        db.session.rollback()
        raise ApiError(error.status, error.message, error.fields) from None
