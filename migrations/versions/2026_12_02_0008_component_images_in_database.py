"""Assembly: component pictures move from the instance folder into the database

Pis that share one database share their pictures too. Each picture a component names is read
from UPLOAD_FOLDER/assembly/ into the new table; a name whose file is not there stays as it
was, and is logged: on Pis sharing one database, each other Pi copies in its own files when it
next starts (a name no Pi has is served as missing, as before). The files are left where they
were. A downgrade writes the pictures back to that folder.

Revision ID: 0008_images_in_db
Revises: 0007_steps_append_only
Create Date: 2026-12-02 08:00:00.000000

"""

import logging
import re
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from flask import current_app

# revision identifiers, used by Alembic.
revision = "0008_images_in_db"
down_revision = "0007_steps_append_only"
branch_labels = None
depends_on = None

NAME = re.compile(r"^[0-9a-f]{32}\.(?:png|jpg|webp)$")
MIME = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}
logger = logging.getLogger("alembic.runtime.migration")
COMPONENTS = sa.table("assembly_components", sa.column("image"))


def _folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "assembly"


def upgrade() -> None:
    """Create assembly_component_images and copy in the pictures the components name."""
    images = op.create_table(
        "assembly_component_images",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("mime", sa.String(length=20), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_assembly_component_images")),
    )
    bind = op.get_bind()
    names = bind.execute(sa.select(COMPONENTS.c.image).where(COMPONENTS.c.image.is_not(None)))
    for name in sorted({row.image for row in names if NAME.fullmatch(row.image)}):
        path = _folder() / name
        if not path.is_file():
            # Pis sharing a database kept their own folders: the Pi that has it adopts it at
            # its next start (assembly.catalogue.adopt_pictures).
            logger.warning("picture %s is not in %s; another Pi may have it", name, _folder())
        else:
            bind.execute(
                images.insert().values(
                    name=name,
                    mime=MIME[name.rsplit(".", 1)[1]],
                    data=path.read_bytes(),
                    created_at=datetime.now(UTC),
                )
            )


def downgrade() -> None:
    """Write the pictures back to the instance folder and drop the table."""
    table = sa.table("assembly_component_images", sa.column("name"), sa.column("data"))
    rows = op.get_bind().execute(sa.select(table.c.name, table.c.data)).all()
    if rows:
        _folder().mkdir(parents=True, exist_ok=True)
    for name, data in rows:
        if NAME.fullmatch(name):
            (_folder() / name).write_bytes(data)
    op.drop_table("assembly_component_images")
