"""Which events of one legacy run can be imported, and whether the run itself can be."""

from __future__ import annotations

from datetime import datetime, timedelta

from assembly.const import EventKind
from assembly.floor.errors import plural
from assembly.records.legacy.folder import Skipped
from assembly.records.legacy.runs import LegacyEvent, LegacySession

# What ShopTwin records at the review, one step index past the last step (see `floor.sessions`).
# Kept here, not taken from the timeline: which events close a step there is another question.
REVIEW_KINDS = frozenset({EventKind.REVIEW, EventKind.FINISH, EventKind.ABORT})
# Events that say a step was being done; after a later step's events they would go back to it.
STEP_KINDS = frozenset({EventKind.SHOWN, EventKind.CONFIRMED})
# For clock rounding: the old tool wrote a run's start and end apart from its events' times, and
# either may be rounded to the second, so an event a second outside its run is still in order.
TIME_TOLERANCE = timedelta(seconds=1)


def _steps(total: int) -> str:
    """Return the project's steps as people count them: "steps 1 to 3"."""
    return "step 1" if total == 1 else f"steps 1 to {total}"


def on_a_step(kind: EventKind, step: int, total: int) -> bool:
    """Tell whether an event's step exists: one of the project's, or the review just past them.

    ShopTwin records review, finish and an abort in review at step index `total`, one past the
    last step; the timeline lets them close the last step.
    """
    return step < total or (step == total and kind in REVIEW_KINDS)


def _span(legacy: LegacySession, events: list[LegacyEvent]) -> tuple[datetime, str | None]:
    """Return when the run ended, and why it cannot be imported (None if it can)."""
    if legacy.ended is not None:
        ended, source = legacy.ended, "ended"
    elif events:
        ended, source = events[-1].at, "last event"
    else:
        return legacy.started, None
    if ended < legacy.started:
        return ended, (
            f"ends before it starts (started {legacy.started.isoformat()},"
            f" {source} {ended.isoformat()})"
        )
    return ended, None


def _unproven(
    legacy: LegacySession, events: list[LegacyEvent], total: int, untimed: int
) -> str | None:
    """Return why a run the old tool called finished is not shown to be, or None."""
    if not legacy.finished:
        return None
    # A finished session counts every step as done, so the events must reach the last one.
    if not legacy.events:
        return "recorded as finished but has no events, so nothing proves its steps were done"
    steps = _steps(total)
    if untimed:
        steps += f" ({plural(untimed, 'event')} outside its start and end times not counted)"
    if not events:
        return (
            f"recorded as finished but none of its events is on the project's {steps},"
            " so nothing proves they were done"
        )
    reached = max(event.step for event in events)
    if reached < total - 1:
        return (
            f"recorded as finished but its events stop at step {reached + 1} of {steps},"
            " so nothing proves the later steps were done"
        )
    return None


def _past_steps(legacy: LegacySession, total: int) -> tuple[str, str] | None:
    past = [e.step for e in legacy.events if not on_a_step(e.kind, e.step, total)]
    if not past:
        return None
    numbers = sorted({step + 1 for step in past})
    steps = ", ".join(str(number) for number in numbers)
    label = "step" if len(numbers) == 1 else "steps"
    return (
        f"{plural(len(past), 'event')} of events.db session {legacy.legacy_id} at {label} {steps}",
        f"project {legacy.project} has only {_steps(total)}"
        " (after them it records only review, finish and abort)",
    )


def _outside(
    legacy: LegacySession, early: list[LegacyEvent], late: list[LegacyEvent], ended: datetime
) -> tuple[str, str]:
    parts = []
    if early:
        by = max((legacy.started - e.at).total_seconds() for e in early)
        parts.append(
            f"{len(early)} before its start {legacy.started.isoformat()} (by up to {by:g} s)"
        )
    if late:
        by = max((e.at - ended).total_seconds() for e in late)
        parts.append(f"{len(late)} after its end {ended.isoformat()} (by up to {by:g} s)")
    return (
        f"{plural(len(early) + len(late), 'event')} of events.db session {legacy.legacy_id}"
        " outside its start and end times (the session is imported without them)",
        f"{', '.join(parts)}; more than {TIME_TOLERANCE.total_seconds():g} s out",
    )


def _place(step: int, total: int) -> str:
    """Return where an event happened as people say it: "step 2" or "the review"."""
    return "the review" if step >= total else f"step {step + 1}"


def _said(event: LegacyEvent, total: int) -> str:
    """Return one event as the report quotes it: "step 2 shown at <time>", "the finish at …"."""
    what = f"the {event.kind}" if event.step >= total else f"step {event.step + 1} {event.kind}"
    return f"{what} at {event.at.isoformat()}"


def _gone_back(events: list[LegacyEvent], total: int) -> str | None:
    """Return why the events, oldest first, contradict the step order, or None if they do not.

    A step shown or confirmed after an event of a later step (or of the review) goes back to
    it: the steps' times would overlap, so the run is refused rather than imported as clean.
    """
    furthest: LegacyEvent | None = None
    for event in events:
        if furthest is not None and event.kind in STEP_KINDS and event.step < furthest.step:
            return (
                f"events go back from {_place(furthest.step, total)} to"
                f" {_place(event.step, total)} ({_said(event, total)} after"
                f" {_said(furthest, total)}), so when its steps were done is not known"
            )
        if furthest is None or event.step >= furthest.step:
            furthest = event
    return None


def _skipped_steps(events: list[LegacyEvent], total: int) -> str | None:
    """Return why a run that reached a step has no event at an earlier one, or None.

    A step the events jump over was never shown, yet the record would count it as done.
    """
    on_steps = {event.step for event in events if event.step < total}
    if not on_steps:
        return None
    missing = [step for step in range(max(on_steps)) if step not in on_steps]
    if not missing:
        return None
    numbers = ", ".join(str(step + 1) for step in missing)
    return (
        f"its events jump over {'step' if len(missing) == 1 else 'steps'} {numbers},"
        " so nothing proves it was done"
    )


def checked_events(
    legacy: LegacySession, total: int, skipped: Skipped
) -> tuple[list[LegacyEvent], datetime] | None:
    """Return the run's importable events, oldest first, and its end; None to skip the run.

    Events on a step the project lacks, or outside the run's start and end (give or take
    TIME_TOLERANCE), are left out and reported; the run is skipped, with the reason, when it
    ends before it starts, when what is left goes back to an earlier step or jumps over one,
    or when it does not prove a run called finished was. Events at the same time are taken in
    step order: a row order the old tool did not mean is no contradiction.
    """
    stepped = sorted(
        (e for e in legacy.events if on_a_step(e.kind, e.step, total)),
        key=lambda e: (e.at, e.step),
    )
    what = f"events.db session {legacy.legacy_id}"
    ended, refused = _span(legacy, stepped)
    if refused is not None:
        skipped.add(what, refused)
        return None
    early, late, events = [], [], []
    for event in stepped:
        if event.at < legacy.started - TIME_TOLERANCE:
            early.append(event)
        elif event.at > ended + TIME_TOLERANCE:
            late.append(event)
        else:
            events.append(event)
    refused = (
        _gone_back(events, total)
        or _skipped_steps(events, total)
        or _unproven(legacy, events, total, len(early) + len(late))
    )
    if refused is not None:
        skipped.add(what, refused)
        return None
    past = _past_steps(legacy, total)
    if past is not None:
        skipped.add(*past)
    if early or late:
        skipped.add(*_outside(legacy, early, late, ended))
    return events, ended
