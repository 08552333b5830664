"""The picture the kiosk shows for a step is the one the catalogue stored for its component."""

from __future__ import annotations

import io
from pathlib import Path

from flask import Flask

from assembly.catalogue import adopt_pictures
from assembly.catalogue.services import images, load_image, set_component_image
from assembly.floor import start
from assembly.models import Component, ComponentImage
from core.audit import system_actor
from core.auth.models import User
from core.auth.services import create_user
from core.extensions import db
from tests.fixtures.auth import DEFAULT_PASSWORD, csrf_token
from tests.fixtures.database import build_app
from tests.fixtures.images import image_bytes

PNG = image_bytes("PNG")


def test_kiosk_step_image_url_serves_the_stored_picture(
    app: Flask, client, login, make_project, make_job
) -> None:
    made = make_project(("anode", "cathode"))
    job_id = make_job(made.version_id)
    operator = login("operator")
    with app.app_context():
        set_component_image(
            db.session,
            "anode",
            io.BytesIO(PNG),
            actor=system_actor("tests"),
        )
        device = app.config["DEVICE_ID"]
        outcome = start(db.session, job_id, db.session.get(User, operator.id), device)
        url = outcome.state["steps"][0]["image_url"]
    response = client.get(url)
    body = response.data
    response.close()
    assert response.status_code == 200
    assert body == PNG


def test_a_picture_uploaded_on_one_pi_shows_on_another_sharing_the_database(
    app: Flask, tmp_path, login, make_project
) -> None:
    """Each Pi has its own instance folder; the picture lives in the shared database."""
    make_project(("anode",))
    with app.app_context():
        set_component_image(db.session, "anode", io.BytesIO(PNG), actor=system_actor("tests"))
        name = db.session.get(Component, "anode").image
    other = build_app(tmp_path / "pi-2", app.config["SQLALCHEMY_DATABASE_URI"], DEVICE_ID="pi-2")
    try:
        client = other.test_client()
        with other.app_context():
            create_user(db.session, "sue", DEFAULT_PASSWORD, "supervisor", actor=system_actor())
            db.session.commit()
        data = {"username": "sue", "password": DEFAULT_PASSWORD, "csrf_token": csrf_token(client)}
        client.post("/login", data=data)
        response = client.get(f"/assembly/components/images/{name}")
        assert (response.status_code, response.data, response.mimetype) == (200, PNG, "image/png")
        assert response.headers["Cache-Control"] == "max-age=86400, private"
        again = client.get(f"/assembly/components/images/{name}", headers={"If-None-Match": name})
        assert again.status_code == 304  # the kiosk's browser keeps what it has
        assert client.get("/assembly/components/images/" + "c" * 32 + ".png").status_code == 404
    finally:
        with other.app_context():
            db.engine.dispose()


def test_a_pi_adopts_its_own_old_picture_files_when_it_starts(
    app: Flask, tmp_path, make_project
) -> None:
    """Upgrading Pi 1 copied Pi 1's folder only; Pi 2's file joins the database at its start."""
    make_project(("anode",))
    name = "d" * 32 + ".png"
    with app.app_context():
        db.session.get(Component, "anode").image = name
        db.session.commit()
    other = build_app(tmp_path / "pi-2", app.config["SQLALCHEMY_DATABASE_URI"], DEVICE_ID="pi-2")
    folder = Path(other.config["UPLOAD_FOLDER"]) / "assembly"
    folder.mkdir(parents=True)
    (folder / name).write_bytes(PNG)
    try:
        adopt_pictures(other)
    finally:
        with other.app_context():
            db.engine.dispose()
    with app.app_context():
        assert load_image(db.session, name).data == PNG  # every Pi serves it now


def test_two_pis_adopting_at_once_keep_every_picture(
    app: Flask, tmp_path, make_project, monkeypatch
) -> None:
    """Pi 1 stores the shared picture while Pi 2 reads it; Pi 2 still stores its own."""
    make_project(("anode", "cathode"))
    shared, own = "e" * 32 + ".png", "f" * 32 + ".png"
    with app.app_context():
        db.session.get(Component, "anode").image = shared
        db.session.get(Component, "cathode").image = own
        db.session.commit()
    folder = Path(app.config["UPLOAD_FOLDER"]) / "assembly"
    folder.mkdir(parents=True)
    for name in (shared, own):
        (folder / name).write_bytes(PNG)
    checked = images.image_type

    def the_other_pi_stores_it_first(data: bytes) -> str:
        if not raced:
            raced.append(True)
            with app.app_context():  # a second connection: the other Pi's transaction
                db.session.add(ComponentImage(name=shared, mime="image/png", data=PNG))
                db.session.commit()
        return checked(data)

    raced: list[bool] = []
    monkeypatch.setattr(images, "image_type", the_other_pi_stores_it_first)
    with app.app_context():
        adopted, missing = images.adopt_local_images(db.session, app.config["UPLOAD_FOLDER"])
        assert (adopted, missing) == ([own], [])
        assert {load_image(db.session, name).data for name in (shared, own)} == {PNG}
