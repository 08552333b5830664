"""Names and limits of the assembly module."""

from __future__ import annotations

from enum import StrEnum

NAMESPACE = "/assembly"
SLUG_MAX = 64
NAME_MAX = 120
LABEL_MAX = 200
SERIAL_MAX = 64
COLOUR_PATTERN = r"^#[0-9a-fA-F]{6}$"
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}
IMAGE_MAX_BYTES = 2 * 1024 * 1024
IMAGE_MAX_PIXELS = 24_000_000  # a 6000x4000 photo; decoded RGB that is ~72 MB on the Pi
CRITICAL_CONFIRM_S = 3.0


class PressAbort(StrEnum):
    """How an operator's abort was made; recorded as the session's abort reason."""

    HOLD = "hold"  # the pedal (space bar or GPIO foot switch) held past the threshold
    BUTTON = "button"  # the kiosk's on-screen "Hold to abort" button held
    API = "api"  # a progress call that did not say


ABORT_REASON_TEXT: dict[str, str] = {
    PressAbort.HOLD: "pedal held",
    PressAbort.BUTTON: "abort button held",
    PressAbort.API: "aborted through the API",
}


def abort_reason_text(reason: str | None) -> str | None:
    """Return an abort reason as people read it: how a press aborted, or the text given."""
    return ABORT_REASON_TEXT.get(reason, reason) if reason else None


def abort_place(abort_step: int | None, steps_total: int) -> str | None:
    """Return where a session aborted: "step 2", or "review" when past the last step."""
    if abort_step is None:
        return None
    return "review" if abort_step >= steps_total else f"step {abort_step + 1}"


class JobState(StrEnum):
    """Where a queue entry is: pending → active → finished / aborted / cancelled."""

    PENDING = "pending"
    ACTIVE = "active"
    FINISHED = "finished"
    ABORTED = "aborted"
    CANCELLED = "cancelled"


class RunStatus(StrEnum):
    """Where a kiosk session is: running its steps, in review, or ended."""

    RUNNING = "running"
    REVIEW = "review"
    FINISHED = "finished"
    ABORTED = "aborted"


class EventKind(StrEnum):
    """What one step event records."""

    SHOWN = "shown"
    CONFIRM_PROMPT = "confirm_prompt"
    CONFIRMED = "confirmed"
    REVIEW = "review"
    FINISH = "finish"
    ABORT = "abort"
    RESUME = "resume"
    LED_ON = "led_on"
    LED_OFF = "led_off"


OPEN_JOB_STATES = (JobState.PENDING, JobState.ACTIVE)
OPEN_RUN_STATUSES = (RunStatus.RUNNING, RunStatus.REVIEW)
