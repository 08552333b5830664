"""Revision 0008_images_in_db moves the component pictures into the database (and back)."""

from __future__ import annotations

from pathlib import Path

import flask_migrate
from flask import Flask
from sqlalchemy import inspect, text

from assembly.models import Component
from core.extensions import db
from tests.core import test_migrations
from tests.fixtures.images import image_bytes

empty_app = test_migrations.empty_app  # the fixture: an empty database of each engine
KEPT, LOST = "a" * 32 + ".png", "b" * 32 + ".jpg"


def test_pictures_move_into_the_database_and_back(empty_app: Flask) -> None:
    folder = Path(empty_app.config["UPLOAD_FOLDER"]) / "assembly"
    folder.mkdir(parents=True, exist_ok=True)
    picture = image_bytes("PNG", (8, 8), (200, 40, 40))
    (folder / KEPT).write_bytes(picture)
    with empty_app.app_context():
        flask_migrate.upgrade(revision="0007_steps_append_only")
        db.session.add_all(
            [
                Component(id="anode", name="Anode", colour="#d62828", gpio_pin=17, image=KEPT),
                Component(id="disc", name="Disc", colour="#ffffff", gpio_pin=4, image=LOST),
                Component(id="bare", name="Bare", colour="#000000", gpio_pin=5),
            ]
        )
        db.session.commit()
        db.session.remove()
        flask_migrate.upgrade(revision="0008_images_in_db")
        rows = db.session.execute(text("SELECT name, mime, data FROM assembly_component_images"))
        assert [(name, mime, bytes(data)) for name, mime, data in rows] == [
            (KEPT, "image/png", picture)
        ]
        assert db.session.get(Component, "disc").image == LOST  # its file was already gone
        db.session.remove()
        (folder / KEPT).unlink()
        flask_migrate.downgrade(revision="0007_steps_append_only")
        assert "assembly_component_images" not in inspect(db.engine).get_table_names()
        assert (folder / KEPT).read_bytes() == picture
        db.session.remove()
        db.engine.dispose()
