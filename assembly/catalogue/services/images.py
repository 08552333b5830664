"""Component pictures: decoded to prove what they are, stored in the database under new names."""

from __future__ import annotations

import io
import re
import uuid
import warnings
from pathlib import Path
from typing import IO

from PIL import Image, UnidentifiedImageError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assembly.catalogue.services.common import CatalogueError
from assembly.const import IMAGE_MAX_BYTES, IMAGE_MAX_PIXELS, IMAGE_TYPES
from assembly.models import Component, ComponentImage

MIME_OF = {extension: mime for mime, extension in IMAGE_TYPES.items()}
LEGACY_SUBFOLDER = "assembly"  # where each Pi kept its uploads before migration 0008
NAME_PATTERN = re.compile(r"^[0-9a-f]{32}\.(?:png|jpg|webp)$")
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
UNSUPPORTED = "Must be a PNG, JPEG or WebP image."
TOO_BIG = f"Must be at most {IMAGE_MAX_PIXELS // 1_000_000} megapixels."


def image_type(data: bytes) -> str:
    """Return the MIME type of a whole, decodable PNG, JPEG or WebP image, else raise ValueError.

    The pixels are decoded, not only the header read, so a renamed or truncated file, or one
    whose size would take the Pi's memory (a decompression bomb), is refused before storing.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
                too_big = image.width * image.height > IMAGE_MAX_PIXELS
                if not too_big:
                    image.load()
                mime = FORMATS[image.format or ""]
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValueError(TOO_BIG) from error
    except (UnidentifiedImageError, OSError, EOFError, KeyError, SyntaxError, ValueError) as error:
        raise ValueError(UNSUPPORTED) from error
    if too_big:
        raise ValueError(TOO_BIG)
    return mime


def read_image(stream: IO[bytes]) -> tuple[bytes, str]:
    """Read an upload and return (bytes, extension); refuse other types and oversize files."""
    data = stream.read(IMAGE_MAX_BYTES + 1)
    if len(data) > IMAGE_MAX_BYTES:
        limit = IMAGE_MAX_BYTES // 1024
        raise CatalogueError(422, "image too large", {"image": f"Must be at most {limit} KiB."})
    try:
        mime = image_type(data)
    except ValueError as error:
        raise CatalogueError(422, "unsupported image", {"image": str(error)}) from None
    return data, IMAGE_TYPES[mime]


def is_image_name(name: str) -> bool:
    """Tell whether name is one this module generated (the only names ever served)."""
    return bool(NAME_PATTERN.fullmatch(name))


def store_image(session: Session, data: bytes, extension: str) -> str:
    """Add the image to the transaction under a new random name and return that name."""
    name = f"{uuid.uuid4().hex}.{extension}"
    session.add(ComponentImage(name=name, mime=MIME_OF[extension], data=data))
    return name


def remove_image(session: Session, name: str | None) -> None:
    """Delete a stored image in the transaction, if name is one of ours."""
    if name and is_image_name(name):
        session.execute(delete(ComponentImage).where(ComponentImage.name == name))


def load_image(session: Session, name: str) -> ComponentImage | None:
    """Return a stored image by its generated name, or None."""
    return session.get(ComponentImage, name) if is_image_name(name) else None


def adopt_local_images(session: Session, upload_folder: str | Path) -> tuple[list[str], list[str]]:
    """Copy into the database the pictures components name that only this Pi's disk holds.

    Before pictures moved into the database each Pi kept its uploads in its own folder, and
    the upgrade could copy only the folder of the Pi that ran it; each Pi adopts its own files
    when it starts. Return (the names adopted, the names still missing everywhere seen so far).
    """
    named = set(session.scalars(select(Component.image).where(Component.image.is_not(None))))
    stored = set(session.scalars(select(ComponentImage.name)))
    adopted, missing = [], []
    for name in sorted(name for name in named - stored if is_image_name(name)):
        path = Path(upload_folder) / LEGACY_SUBFOLDER / name
        try:
            data = path.read_bytes()
            image_type(data)
        except (OSError, ValueError):
            missing.append(name)
            continue
        session.add(ComponentImage(name=name, mime=MIME_OF[name.rsplit(".", 1)[1]], data=data))
        try:
            session.commit()  # one by one: a Pi starting at the same moment may store it first
        except IntegrityError:
            session.rollback()
            continue
        adopted.append(name)
    return adopted, missing
