"""Append-only, hash-chained audit log.

Revision ID: 0002_audit
Revises: 0001_auth
Create Date: 2026-11-22 04:00:00
"""

from __future__ import annotations

revision = "0002_audit"
down_revision = "0001_auth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Placeholder: filled in by the change that adds these tables."""


def downgrade() -> None:
    """Placeholder: filled in by the change that adds these tables."""
