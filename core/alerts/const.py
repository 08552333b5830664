"""Alert severities (most severe first) and lifecycle states."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """How bad an alert is; members are declared from most to least severe."""

    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Return 0 for the most severe, growing towards info."""
        return list(Severity).index(self)


class AlertState(StrEnum):
    """Where an alert is in its lifecycle: ACTIVE_UNACK -> ACTIVE_ACK -> CLEARED."""

    ACTIVE_UNACK = "ACTIVE_UNACK"
    ACTIVE_ACK = "ACTIVE_ACK"
    CLEARED = "CLEARED"


OPEN_STATES = (AlertState.ACTIVE_UNACK, AlertState.ACTIVE_ACK)
# The state filter also takes "open": any state but CLEARED.
OPEN_FILTER = "open"
NAMESPACE = "/alerts"
AUDIT_SUBJECT = "alert"
MAX_COMMENT_LENGTH = 2000
