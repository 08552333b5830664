"""Assembly: components, projects, versions, stations, jobs, sessions, step events

Revision ID: 0004_assembly
Revises: 0003_alerts
Create Date: 2026-11-22 04:52:01.007632

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004_assembly"
down_revision = "0003_alerts"
branch_labels = None
depends_on = None

# Step events are evidence: the database refuses to change or delete them, as for the audit log.
SQLITE_TRIGGERS = (
    "CREATE TRIGGER assembly_step_events_no_update BEFORE UPDATE ON assembly_step_events "
    "BEGIN SELECT RAISE(ABORT, 'step events are append-only'); END",
    "CREATE TRIGGER assembly_step_events_no_delete BEFORE DELETE ON assembly_step_events "
    "BEGIN SELECT RAISE(ABORT, 'step events are append-only'); END",
)
POSTGRESQL_TRIGGERS = (
    "CREATE FUNCTION assembly_step_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'step events are append-only'; END; $$",
    "CREATE TRIGGER assembly_step_events_append_only BEFORE UPDATE OR DELETE "
    "ON assembly_step_events FOR EACH ROW EXECUTE FUNCTION assembly_step_events_append_only()",
)


def upgrade() -> None:
    """Create the assembly tables and guard the step events."""
    op.create_table(
        "assembly_components",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("gpio_pin", sa.Integer(), nullable=False),
        sa.Column("image", sa.String(length=80), nullable=True),
        sa.Column("target_seconds", sa.Integer(), nullable=True),
        sa.Column("critical", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_components")),
        sa.UniqueConstraint("gpio_pin", name=op.f("uq_assembly_components_gpio_pin")),
    )
    op.create_table(
        "assembly_projects",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_projects")),
    )
    op.create_table(
        "assembly_stations",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_stations")),
    )
    op.create_table(
        "assembly_project_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("change_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_assembly_project_versions_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["assembly_projects.id"],
            name=op.f("fk_assembly_project_versions_project_id_assembly_projects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_project_versions")),
        sa.UniqueConstraint(
            "project_id", "number", name=op.f("uq_assembly_project_versions_project_id")
        ),
    )
    with op.batch_alter_table("assembly_project_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assembly_project_versions_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "assembly_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_version_id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("stack_id", sa.String(length=64), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("serials", sa.JSON(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_assembly_jobs_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["project_version_id"],
            ["assembly_project_versions.id"],
            name=op.f("fk_assembly_jobs_project_version_id_assembly_project_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["assembly_stations.id"],
            name=op.f("fk_assembly_jobs_station_id_assembly_stations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_jobs")),
    )
    with op.batch_alter_table("assembly_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assembly_jobs_state"), ["state"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_assembly_jobs_station_id"), ["station_id"], unique=False
        )

    op.create_table(
        "assembly_project_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("component_id", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["component_id"],
            ["assembly_components.id"],
            name=op.f("fk_assembly_project_steps_component_id_assembly_components"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["assembly_project_versions.id"],
            name=op.f("fk_assembly_project_steps_version_id_assembly_project_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_project_steps")),
        sa.UniqueConstraint(
            "version_id", "position", name=op.f("uq_assembly_project_steps_version_id")
        ),
    )
    with op.batch_alter_table("assembly_project_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assembly_project_steps_component_id"), ["component_id"], unique=False
        )

    op.create_table(
        "assembly_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("project_version_id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=False),
        sa.Column("unit_serial", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("current_step", sa.Integer(), nullable=False),
        sa.Column("step_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirm_pending_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("abort_step", sa.Integer(), nullable=True),
        sa.Column("abort_reason", sa.Text(), nullable=True),
        sa.Column("abort_code", sa.String(length=64), nullable=True),
        sa.Column("signed_off_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"], ["assembly_jobs.id"], name=op.f("fk_assembly_sessions_job_id_assembly_jobs")
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["users.id"], name=op.f("fk_assembly_sessions_operator_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["project_version_id"],
            ["assembly_project_versions.id"],
            name=op.f("fk_assembly_sessions_project_version_id_assembly_project_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["signed_off_by_id"],
            ["users.id"],
            name=op.f("fk_assembly_sessions_signed_off_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["assembly_stations.id"],
            name=op.f("fk_assembly_sessions_station_id_assembly_stations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_sessions")),
    )
    with op.batch_alter_table("assembly_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assembly_sessions_job_id"), ["job_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_assembly_sessions_operator_id"), ["operator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assembly_sessions_started_at"), ["started_at"], unique=False
        )
        batch_op.create_index(
            "ix_assembly_sessions_station_status", ["station_id", "status"], unique=False
        )

    op.create_table(
        "assembly_step_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("step_index", sa.Integer(), nullable=False),
        sa.Column("component_id", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["users.id"], name=op.f("fk_assembly_step_events_operator_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["assembly_sessions.id"],
            name=op.f("fk_assembly_step_events_session_id_assembly_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_step_events")),
    )
    with op.batch_alter_table("assembly_step_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assembly_step_events_session_id"), ["session_id"], unique=False
        )

    triggers = {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRESQL_TRIGGERS}
    for statement in triggers[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    """Drop the guards and the assembly tables."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP TRIGGER IF EXISTS assembly_step_events_append_only ON assembly_step_events"
        )
        op.execute("DROP FUNCTION IF EXISTS assembly_step_events_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS assembly_step_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS assembly_step_events_no_delete")
    with op.batch_alter_table("assembly_step_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assembly_step_events_session_id"))

    op.drop_table("assembly_step_events")
    with op.batch_alter_table("assembly_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_assembly_sessions_station_status")
        batch_op.drop_index(batch_op.f("ix_assembly_sessions_started_at"))
        batch_op.drop_index(batch_op.f("ix_assembly_sessions_operator_id"))
        batch_op.drop_index(batch_op.f("ix_assembly_sessions_job_id"))

    op.drop_table("assembly_sessions")
    with op.batch_alter_table("assembly_project_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assembly_project_steps_component_id"))

    op.drop_table("assembly_project_steps")
    with op.batch_alter_table("assembly_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assembly_jobs_station_id"))
        batch_op.drop_index(batch_op.f("ix_assembly_jobs_state"))

    op.drop_table("assembly_jobs")
    with op.batch_alter_table("assembly_project_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assembly_project_versions_project_id"))

    op.drop_table("assembly_project_versions")
    op.drop_table("assembly_stations")
    op.drop_table("assembly_projects")
    op.drop_table("assembly_components")
