"""Limits of the supervisors' live views."""

from __future__ import annotations

# A step is flagged as possibly stuck past this many times its target (or STUCK_S without one).
STUCK_FACTOR = 3
STUCK_S = 600
