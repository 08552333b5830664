"""Signals other parts of the assembly module (and other modules) react to."""

from __future__ import annotations

from blinker import Namespace

signals = Namespace()

# Sent after a commit that created, changed or deleted components (sender: the app).
components_changed = signals.signal("assembly.components-changed")
# Sent after a commit that changed a session or a job (sender: the app; session_id/job_id kw).
session_changed = signals.signal("assembly.session-changed")
job_changed = signals.signal("assembly.job-changed")
