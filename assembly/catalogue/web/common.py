"""Glue the catalogue pages and API share: config values and service errors on forms."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import abort, current_app
from flask_wtf import FlaskForm
from wtforms import Field, FieldList, FormField
from wtforms.form import BaseForm

from assembly.catalogue.services import CatalogueError, NotFoundError
from core.api import ApiError
from core.extensions import db

# Fields naming the refused thing itself: their value is a state for API clients ("in use"),
# which the page leaves out because the refusal's sentence already says it.
SUBJECT_FIELDS = frozenset({"component", "project"})


def foot_switch_pin() -> int:
    """Return the configured foot switch pin (never usable by an LED)."""
    return int(current_app.config["FOOT_SWITCH_PIN"])


def page_error(error: CatalogueError, form: FlaskForm | None = None) -> str:
    """Undo the transaction, 404 if something is missing, else put field errors on the form.

    Return what no form field shows: the refusal as a sentence, then each field without a
    form field as "name: message" (empty if every error found its field).
    """
    db.session.rollback()
    if isinstance(error, NotFoundError):
        abort(404)
    loose, placed = [], 0
    for name, message in error.fields.items():
        field = _field(form, name) if form is not None else None
        if field is not None:
            field.errors = [*field.errors, message]
            placed += 1
        elif name not in SUBJECT_FIELDS:
            loose.append(f"{name}: {message}")
    if error.fields and placed == len(error.fields):
        return ""
    return " ".join([sentence(error.message), *loose])


def sentence(text: str) -> str:
    """Write a service's refusal as a sentence: capital first letter, closing full stop."""
    text = text.strip()
    if text and text[-1] not in ".!?":
        text += "."
    return text[:1].upper() + text[1:]


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
