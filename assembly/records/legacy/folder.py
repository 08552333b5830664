"""Read the old tool's component and project folders, keeping every read inside DIR."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assembly.catalogue.services.images import image_type
from assembly.const import IMAGE_MAX_BYTES, IMAGE_TYPES, LABEL_MAX, NAME_MAX
from hardware.pins import validate_led_pin

CONFIG_MAX_BYTES = 256 * 1024
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# A project's own picture is recognised by name only: it is never read, since nothing keeps it.
PICTURE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".svg"})


@dataclass
class Skipped:
    """What was left out and why, in the order found."""

    items: list[str] = field(default_factory=list)

    def add(self, what: str, why: str) -> None:
        """Note one skipped item."""
        self.items.append(f"{what}: {why}")


@dataclass(frozen=True)
class LegacyComponent:
    """A component as the old tool described it, checked."""

    legacy_id: str
    name: str
    gpio: int
    image: bytes | None
    image_ext: str | None
    image_refused: str | None = None


@dataclass(frozen=True)
class LegacyProject:
    """A project as the old tool described it: a name and (component id, label) steps."""

    legacy_id: str
    name: str
    sequence: tuple[tuple[str, str], ...]


def is_safe_id(value: object) -> bool:
    """Tell whether a legacy id is a plain name (never a path)."""
    return isinstance(value, str) and bool(SAFE_ID.match(value)) and ".." not in value


def inside(root: Path, path: Path) -> Path | None:
    """Return the path resolved (symlinks followed) if it stays inside root, else None."""
    resolved = path.resolve()
    return resolved if resolved.is_relative_to(root) else None


def _read_json(root: Path, path: Path) -> dict[str, Any]:
    resolved = inside(root, path)
    if resolved is None:
        raise ValueError("points outside DIR")
    if not resolved.is_file():
        raise ValueError("config.json is missing")
    if resolved.stat().st_size > CONFIG_MAX_BYTES:
        raise ValueError("config.json is too large")
    try:
        data = json.loads(resolved.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"config.json is not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise ValueError("config.json is not a JSON object")
    return data


def _name(data: dict[str, Any]) -> str:
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > NAME_MAX:
        raise ValueError(f"name must be text of 1 to {NAME_MAX} characters")
    return name.strip()


def _folders(root: Path, kind: str, skipped: Skipped) -> list[tuple[str, Path]]:
    base = root / kind
    if inside(root, base) is None or not base.is_dir():
        skipped.add(kind, "folder missing (or outside DIR); nothing imported from it")
        return []
    found = []
    for entry in sorted(base.iterdir()):
        what = f"{kind}/{entry.name}"
        if not is_safe_id(entry.name):
            skipped.add(what, "not a plain name")
        elif inside(root, entry) is None:
            skipped.add(what, "points outside DIR")
        elif not entry.is_dir():
            skipped.add(what, "not a folder")
        else:
            found.append((entry.name, entry.resolve()))
    return found


def _image(root: Path, folder: Path, value: object) -> tuple[bytes | None, str | None, str | None]:
    """Return (picture, extension, None), or (None, None, why the picture was refused)."""
    if value in (None, ""):
        return None, None, None
    if not isinstance(value, str) or Path(value).name != value or value.startswith("."):
        return None, None, f"not a plain file name beside config.json ({value!r})"
    resolved = inside(root, folder / value)
    if resolved is None or not resolved.is_relative_to(folder):
        return None, None, f"points outside the component's folder ({value})"
    if not resolved.is_file():
        return None, None, f"image file missing ({value})"
    if resolved.stat().st_size > IMAGE_MAX_BYTES:
        return None, None, f"larger than {IMAGE_MAX_BYTES} bytes ({value})"
    data = resolved.read_bytes()
    try:
        mime = image_type(data)
    except ValueError as error:
        message = str(error).rstrip(".")
        return None, None, f"{message[:1].lower()}{message[1:]} ({value})"
    return data, IMAGE_TYPES[mime], None


def read_components(root: Path, foot_switch_pin: int, skipped: Skipped) -> list[LegacyComponent]:
    """Return the valid components of DIR/components; note the rest in skipped."""
    components = []
    for legacy_id, folder in _folders(root, "components", skipped):
        what = f"components/{legacy_id}"
        try:
            data = _read_json(root, folder / "config.json")
            name = _name(data)
            gpio = validate_led_pin(data.get("gpio"), foot_switch_pin)  # type: ignore[arg-type]
        except ValueError as error:
            skipped.add(what, str(error))
            continue
        image, ext, refused = _image(root, folder, data.get("image"))
        components.append(LegacyComponent(legacy_id, name, gpio, image, ext, refused))
    return components


def _sequence(data: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    sequence = data.get("sequence")
    if not isinstance(sequence, list) or not sequence:
        raise ValueError("sequence must be a non-empty list of steps")
    steps = []
    for number, step in enumerate(sequence, start=1):
        comp = step.get("comp") if isinstance(step, dict) else None
        label = step.get("label", "") if isinstance(step, dict) else None
        if not is_safe_id(comp):
            raise ValueError(f"step {number} names no valid component id ({comp!r})")
        if not isinstance(label, str) or len(label) > LABEL_MAX:
            raise ValueError(f"step {number} label must be text of at most {LABEL_MAX} characters")
        steps.append((comp, label.strip()))
    return tuple(steps)


def _has_picture(folder: Path, data: dict[str, Any]) -> bool:
    """Tell whether a project names an image in its config.json or keeps one in its folder."""
    if data.get("image") not in (None, ""):
        return True
    return any(entry.suffix.lower() in PICTURE_SUFFIXES for entry in folder.iterdir())


def read_projects(root: Path, skipped: Skipped) -> list[LegacyProject]:
    """Return the well-formed projects of DIR/projects; note the rest in skipped.

    A project's own picture is noted as left out: ShopTwin projects have none.
    """
    projects = []
    for legacy_id, folder in _folders(root, "projects", skipped):
        what = f"projects/{legacy_id}"
        try:
            data = _read_json(root, folder / "config.json")
            projects.append(LegacyProject(legacy_id, _name(data), _sequence(data)))
        except ValueError as error:
            skipped.add(what, str(error))
            continue
        if _has_picture(folder, data):
            skipped.add(f"{what} picture not imported", "ShopTwin projects have no picture")
    return projects
