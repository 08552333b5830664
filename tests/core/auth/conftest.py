"""Fixtures for the auth tests: a reader of the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from core.audit import AuditEntry, verify
from core.extensions import db


@dataclass(frozen=True)
class Entry:
    """An audit entry as plain values, readable outside the app context."""

    id: int
    action: str
    actor_type: str
    actor_id: str | None
    actor_name: str
    subject_type: str
    subject_id: str | None
    detail: Any
    detail_text: str | None
    remote_addr: str | None


class AuditLog:
    """Read the auth entries of a test app's audit log, and check its chain."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def entries(self, action: str | None = None) -> list[Entry]:
        """Return every entry (or those with this action), oldest first."""
        query = select(AuditEntry).order_by(AuditEntry.id)
        if action is not None:
            query = query.where(AuditEntry.action == action)
        with self.app.app_context():
            return [
                Entry(
                    id=row.id,
                    action=row.action,
                    actor_type=row.actor_type,
                    actor_id=row.actor_id,
                    actor_name=row.actor_name,
                    subject_type=row.subject_type,
                    subject_id=row.subject_id,
                    detail=row.detail_data(),
                    detail_text=row.detail,
                    remote_addr=row.remote_addr,
                )
                for row in db.session.scalars(query)
            ]

    def one(self, action: str) -> Entry:
        """Return the single entry with this action (fail if there are none or several)."""
        found = self.entries(action)
        assert len(found) == 1, f"{len(found)} entries for {action}: {found}"
        return found[0]

    def actions(self) -> list[str]:
        """Return the actions of every entry, oldest first."""
        return [entry.action for entry in self.entries()]

    def chain_ok(self) -> bool:
        """Tell whether core.audit.verify finds the chain intact."""
        with self.app.app_context():
            return verify(db.session).ok


@pytest.fixture
def audit_log(app: Flask) -> AuditLog:
    """Return a reader of the test app's audit log."""
    return AuditLog(app)
