"""Assembly: a session's recorded steps are evidence too; the database refuses to change them

Revision ID: 0007_steps_append_only
Revises: 0006_session_steps
Create Date: 2026-12-02 07:00:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0007_steps_append_only"
down_revision = "0006_session_steps"
branch_labels = None
depends_on = None

TABLE = "assembly_session_steps"
REFUSAL = "recorded session steps are append-only"


def _statements(dialect: str) -> tuple[str, ...]:
    if dialect == "postgresql":
        return (
            f"CREATE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{REFUSAL}'; END; $$",
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()",
        )
    return tuple(
        f"CREATE TRIGGER {TABLE}_no_{verb.lower()} BEFORE {verb} ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        for verb in ("UPDATE", "DELETE")
    )


def upgrade() -> None:
    """Guard assembly_session_steps against UPDATE and DELETE, as the step events are."""
    for statement in _statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    """Drop the guards."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
        op.execute(f"DROP FUNCTION IF EXISTS {TABLE}_append_only()")
    else:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{verb}")
