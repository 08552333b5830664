"""The report an import prints: what it made, named, then what it recognised or left out."""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass, field

from assembly.floor.errors import plural

WIDTH = 100
DRY_RUN_PREFIX = "DRY RUN, nothing written: would have "


def named(legacy_id: str, slug: str) -> str:
    """Return how the report names an imported item: its id, and its legacy id if they differ."""
    return slug if slug == legacy_id else f"{slug} (legacy {legacy_id})"


def listing(kind: str, items: list[str]) -> list[str]:
    """Return `kind: a, b, c` wrapped to the report's width, never breaking an item."""
    if not items:
        return []
    text = textwrap.fill(
        ", ".join(items),
        width=WIDTH,
        initial_indent=f"  {kind}: ",
        subsequent_indent="    ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    return text.splitlines()


@dataclass
class ImportReport:
    """What an import did (or would do, in a dry run) and what it left out."""

    components: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    sessions: Counter[str] = field(default_factory=Counter)
    stations: list[str] = field(default_factory=list)
    without_picture: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def session_count(self) -> int:
        """Return how many sessions were imported, over every project."""
        return sum(self.sessions.values())

    def counts(self) -> dict[str, int]:
        """Return the numbers the audit entry keeps."""
        return {
            "components": len(self.components),
            "projects": len(self.projects),
            "sessions": self.session_count,
            "stations": len(self.stations),
            "already_imported": len(self.already),
            "skipped": len(self.skipped),
        }

    def text(self) -> str:
        """Return the report as printed by the command."""
        already = f"already imported: {len(self.already)}; " if self.already else ""
        made = ", ".join(
            [
                plural(len(self.components), "component"),
                plural(len(self.projects), "project"),
                plural(self.session_count, "session"),
            ]
        )
        head = f"imported {made}; {already}skipped: {len(self.skipped) or 'nothing'}"
        if self.dry_run:
            head = DRY_RUN_PREFIX + head
        per_project = [f"{pid} {count}" for pid, count in sorted(self.sessions.items())]
        lines = [
            head,
            *listing("components", self.components),
            *(f"  {item}" for item in self.without_picture),
            *listing("projects", self.projects),
            *listing("sessions per project", per_project),
            *listing("new stations", self.stations),
        ]
        lines += [f"  already imported {item}" for item in self.already]
        lines += [f"  skipped {item}" for item in self.skipped]
        return "\n".join(lines + [f"  note: {note}" for note in self.notes])
