"""What every catalogue service shares: its error, slugs, the audit actor and the signal."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.const import SLUG_MAX
from assembly.signals import components_changed
from core.audit import record

SLUG_SUFFIX_ROOM = 6  # room for "-99999"


class CatalogueError(Exception):
    """A refused catalogue change: HTTP-like status, a sentence, and the fields at fault."""

    def __init__(self, status: int, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields or {}


class NotFoundError(CatalogueError):
    """The component, project or version does not exist."""

    def __init__(self, what: str, ident: object) -> None:
        super().__init__(404, f"no {what} {ident}")


def slugify(text: str, fallback: str) -> str:
    """Turn a name into a lowercase ASCII slug of letters, digits and single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[: SLUG_MAX - SLUG_SUFFIX_ROOM].strip("-") or fallback


def unique_slug(session: Session, model: Any, name: str, fallback: str) -> str:
    """Return a slug of name not yet used as an id of model: "anode", then "anode-2", ..."""
    base = slugify(name, fallback)
    taken = set(
        session.scalars(
            select(model.id).where((model.id == base) | model.id.like(f"{base}-%"))
        ).all()
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def user_id_of(actor: dict[str, Any]) -> int | None:
    """Return the user id behind an audit actor, or None for a device or the system."""
    if actor.get("actor_type") != "user" or actor.get("actor_id") is None:
        return None
    return int(actor["actor_id"])


def audit(
    session: Session,
    actor: dict[str, Any],
    action: str,
    subject_type: str,
    subject_id: str | int,
    detail: Any = None,
) -> None:
    """Add an audit entry for a catalogue change to the current transaction."""
    record(
        session,
        **actor,
        action=f"assembly.{action}",
        subject_type=subject_type,
        subject_id=subject_id,
        detail=detail,
    )


def notify_components_changed() -> None:
    """Tell listeners (the LED wiring, the kiosk) that the committed components changed."""
    components_changed.send(current_app._get_current_object())  # type: ignore[attr-defined]
