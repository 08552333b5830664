"""Alert centre: alerts and their comments.

Revision ID: 0003_alerts
Revises: 0002_audit
Create Date: 2026-11-22 04:00:00
"""

from __future__ import annotations

revision = "0003_alerts"
down_revision = "0002_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Placeholder: filled in by the change that adds these tables."""


def downgrade() -> None:
    """Placeholder: filled in by the change that adds these tables."""
