"""Signals other modules connect to; sent after the change has been committed.

The sender is the alert's source module (connect with `sender="telemetry"` to hear one module)
and `alert` is the alert as JSON. Handlers run right after the commit, so a handler that needs
the database must use a fresh session, not the one that just committed.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: An alert was raised, for the first time (`new=True`) or again while still open.
alert_raised = _signals.signal("alert-raised")
#: An alert was acknowledged, cleared or commented on; `changes` names what happened.
alert_changed = _signals.signal("alert-changed")
