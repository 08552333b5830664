"""Assembly: each session's own copy of the steps it ran, backfilled for existing sessions

New sessions copy their version's steps and the components' values (name, colour, target,
critical) when they start, so later catalogue edits no longer rewrite their records.

The backfill cannot know what the components were when an existing session ran: it copies
each session's version steps with the components as they are at upgrade time, the best we
have. A component edited before this upgrade shows its new values in the older records.

Revision ID: 0006_session_steps
Revises: 0005_abort_note
Create Date: 2026-12-02 09:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006_session_steps"
down_revision = "0005_abort_note"
branch_labels = None
depends_on = None

SESSIONS = sa.table("assembly_sessions", sa.column("id"), sa.column("project_version_id"))
VERSION_STEPS = sa.table(
    "assembly_project_steps",
    sa.column("version_id"),
    sa.column("position"),
    sa.column("component_id"),
    sa.column("label"),
    sa.column("note"),
)
COMPONENTS = sa.table(
    "assembly_components",
    sa.column("id"),
    sa.column("name"),
    sa.column("colour"),
    sa.column("target_seconds"),
    sa.column("critical"),
)
COPIED = (
    "session_id",
    "position",
    "component_id",
    "component_name",
    "colour",
    "target_seconds",
    "critical",
    "label",
    "note",
)


def upgrade() -> None:
    """Create assembly_session_steps and fill it for the sessions already recorded."""
    session_steps = op.create_table(
        "assembly_session_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("component_id", sa.String(length=64), nullable=False),
        sa.Column("component_name", sa.String(length=120), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("target_seconds", sa.Integer(), nullable=True),
        sa.Column("critical", sa.Boolean(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["component_id"],
            ["assembly_components.id"],
            name=op.f("fk_assembly_session_steps_component_id_assembly_components"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["assembly_sessions.id"],
            name=op.f("fk_assembly_session_steps_session_id_assembly_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_session_steps")),
        sa.UniqueConstraint(
            "session_id", "position", name=op.f("uq_assembly_session_steps_session_id")
        ),
    )
    existing = (
        sa.select(
            SESSIONS.c.id,
            VERSION_STEPS.c.position,
            COMPONENTS.c.id,
            COMPONENTS.c.name,
            COMPONENTS.c.colour,
            COMPONENTS.c.target_seconds,
            COMPONENTS.c.critical,
            VERSION_STEPS.c.label,
            VERSION_STEPS.c.note,
        )
        .select_from(SESSIONS)
        .join(VERSION_STEPS, VERSION_STEPS.c.version_id == SESSIONS.c.project_version_id)
        .join(COMPONENTS, COMPONENTS.c.id == VERSION_STEPS.c.component_id)
    )
    op.execute(session_steps.insert().from_select(COPIED, existing))


def downgrade() -> None:
    """Drop assembly_session_steps (the sessions' records read their version's steps again)."""
    op.drop_table("assembly_session_steps")
