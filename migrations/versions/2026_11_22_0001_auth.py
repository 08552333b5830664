"""Users, kiosk credentials and device tokens.

Revision ID: 0001_auth
Revises: None
Create Date: 2026-11-22 04:00:00
"""

from __future__ import annotations

revision = "0001_auth"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Placeholder: filled in by the change that adds these tables."""


def downgrade() -> None:
    """Placeholder: filled in by the change that adds these tables."""
