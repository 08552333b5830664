"""Assembly: each session keeps its project's name as it was when it started

Renaming a project changed the name every earlier record showed. Sessions recorded before
this revision get the project's name as it is at upgrade time, the best there is.

Revision ID: 0009_session_project_name
Revises: 0008_images_in_db
Create Date: 2026-12-02 09:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009_session_project_name"
down_revision = "0008_images_in_db"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add assembly_sessions.project_name, filled from each session's project.

    A plain ADD COLUMN (NOT NULL with a default, then filled): SQLite would otherwise rebuild
    the table, which the step events' foreign keys refuse once sessions exist.
    """
    op.add_column(
        "assembly_sessions",
        sa.Column("project_name", sa.String(length=120), nullable=False, server_default=""),
    )
    op.execute(
        "UPDATE assembly_sessions SET project_name = (SELECT p.name FROM assembly_projects p"
        " JOIN assembly_project_versions v ON v.project_id = p.id"
        " WHERE v.id = assembly_sessions.project_version_id)"
    )


def downgrade() -> None:
    """Drop the recorded names (the records show the projects' current names again)."""
    op.drop_column("assembly_sessions", "project_name")
