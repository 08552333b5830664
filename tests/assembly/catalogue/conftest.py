"""Helpers for the catalogue tests: image bytes of each kind and the audit actions written."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.audit import AuditEntry, system_actor
from tests.fixtures.images import image_bytes, png_of_length

ACTOR = system_actor("tests")


def png_bytes(size: int = 0) -> bytes:
    """Return a valid PNG, of exactly `size` bytes when a size is given."""
    return png_of_length(size) if size else image_bytes("PNG")


JPEG = image_bytes("JPEG")
WEBP = image_bytes("WEBP")
GIF = image_bytes("GIF")


def stream(data: bytes) -> io.BytesIO:
    """Wrap bytes as an uploaded file's stream."""
    return io.BytesIO(data)


def audit_actions(session: Session, subject_id: str | None = None) -> list[str]:
    """Return the audit actions written, oldest first, optionally for one subject."""
    query = select(AuditEntry.action).order_by(AuditEntry.id)
    if subject_id is not None:
        query = query.where(AuditEntry.subject_id == subject_id)
    return list(session.scalars(query))


@pytest.fixture
def actor() -> dict[str, object]:
    """Return the audit actor the service tests act as."""
    return dict(ACTOR)
