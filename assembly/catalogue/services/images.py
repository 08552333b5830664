"""Component pictures: checked by content, stored under generated names, never user paths."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import IO

from assembly.catalogue.services.common import CatalogueError
from assembly.const import IMAGE_MAX_BYTES, IMAGE_TYPES

SUBFOLDER = "assembly"
NAME_PATTERN = re.compile(r"^[0-9a-f]{32}\.(?:png|jpg|webp)$")
MIN_BYTES = 12


def sniff_type(data: bytes) -> str | None:
    """Return the MIME type of a PNG, JPEG or WebP image from its first bytes, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def read_image(stream: IO[bytes]) -> tuple[bytes, str]:
    """Read an upload and return (bytes, extension); refuse other types and oversize files."""
    data = stream.read(IMAGE_MAX_BYTES + 1)
    if len(data) > IMAGE_MAX_BYTES:
        limit = IMAGE_MAX_BYTES // 1024
        raise CatalogueError(422, "image too large", {"image": f"Must be at most {limit} KiB."})
    mime = sniff_type(data) if len(data) >= MIN_BYTES else None
    if mime is None:
        raise CatalogueError(
            422, "unsupported image", {"image": "Must be a PNG, JPEG or WebP image."}
        )
    return data, IMAGE_TYPES[mime]


def image_folder(upload_folder: str | Path) -> Path:
    """Return the folder component images live in."""
    return Path(upload_folder) / SUBFOLDER


def is_image_name(name: str) -> bool:
    """Tell whether name is one this module generated (the only names ever served)."""
    return bool(NAME_PATTERN.fullmatch(name))


def store_image(upload_folder: str | Path, data: bytes, extension: str) -> str:
    """Write the image under a new random name and return that name."""
    folder = image_folder(upload_folder)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{extension}"
    (folder / name).write_bytes(data)
    return name


def remove_image(upload_folder: str | Path, name: str | None) -> None:
    """Delete a stored image if name is one of ours and it exists."""
    if name and is_image_name(name):
        (image_folder(upload_folder) / name).unlink(missing_ok=True)
