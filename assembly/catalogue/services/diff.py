"""The difference between the steps of two project versions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from assembly.models import ProjectStep

StepKey = tuple[str, int]  # (component id, its n-th use in the version)


class Change(StrEnum):
    """How a step differs between the older and the newer version."""

    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"
    CHANGED = "changed"


@dataclass(frozen=True)
class StepChange:
    """One difference; positions are 1-based, None where the step does not exist."""

    kind: Change
    component_id: str
    old_position: int | None
    new_position: int | None
    old_label: str | None
    new_label: str | None
    old_note: str | None = None
    new_note: str | None = None

    def as_json(self) -> dict[str, object]:
        """Return the change as JSON-ready values."""
        return {key: getattr(self, key) for key in self.__dataclass_fields__}


def _keyed(steps: Sequence[ProjectStep]) -> dict[StepKey, tuple[int, ProjectStep]]:
    seen: Counter[str] = Counter()
    keyed = {}
    for index, step in enumerate(steps):
        seen[step.component_id] += 1
        keyed[(step.component_id, seen[step.component_id])] = (index + 1, step)
    return keyed


def diff_steps(old: Sequence[ProjectStep], new: Sequence[ProjectStep]) -> list[StepChange]:
    """List added, removed, moved and relabelled steps from old to new, in new order."""
    before, after = _keyed(old), _keyed(new)
    common_old = [key for key in before if key in after]
    common_new = [key for key in after if key in before]
    matcher = SequenceMatcher(a=common_old, b=common_new, autojunk=False)
    kept = {
        key
        for block in matcher.get_matching_blocks()
        for key in common_new[block.b : block.b + block.size]
    }
    changes: list[StepChange] = []
    for key, (position, step) in after.items():
        if key not in before:
            changes.append(
                StepChange(Change.ADDED, key[0], None, position, None, step.label, None, step.note)
            )
            continue
        old_position, old_step = before[key]
        labels = (old_step.label, step.label, old_step.note, step.note)
        if key not in kept:
            changes.append(StepChange(Change.MOVED, key[0], old_position, position, *labels))
        if old_step.label != step.label or old_step.note != step.note:
            changes.append(StepChange(Change.CHANGED, key[0], old_position, position, *labels))
    for key, (old_position, step) in before.items():
        if key not in after:
            changes.append(
                StepChange(
                    Change.REMOVED, key[0], old_position, None, step.label, None, step.note, None
                )
            )
    return changes
