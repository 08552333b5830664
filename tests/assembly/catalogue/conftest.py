"""Helpers for the catalogue tests: image bytes of each kind and the audit actions written."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.audit import AuditEntry, system_actor

ACTOR = system_actor("tests")


def png_bytes(size: int = 0) -> bytes:
    """Return a valid 1x1 PNG, padded with a text chunk to at least `size` bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    pixels = chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
    padding = chunk(b"tEXt", b"pad\x00" + b"x" * max(0, size - 70)) if size else b""
    return b"\x89PNG\r\n\x1a\n" + header + padding + pixels + chunk(b"IEND", b"")


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
WEBP = (
    b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00"
    b"\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
)
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
    b"!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


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
