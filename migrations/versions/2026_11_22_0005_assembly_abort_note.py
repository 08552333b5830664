"""Assembly: the supervisor's abort note, kept apart from the kiosk's abort reason

Revision ID: 0005_abort_note
Revises: 0004_assembly
Create Date: 2026-11-22 05:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005_abort_note"
down_revision = "0004_assembly"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add assembly_sessions.abort_note."""
    with op.batch_alter_table("assembly_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("abort_note", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop assembly_sessions.abort_note.

    A plain DROP COLUMN (SQLite 3.35+): a batch rebuild of the table would be refused by the
    foreign keys of the step events once sessions have any.
    """
    op.drop_column("assembly_sessions", "abort_note")
