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
CRITICAL_CONFIRM_S = 3.0


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
