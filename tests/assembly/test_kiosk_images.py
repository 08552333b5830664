"""The picture the kiosk shows for a step is the one the catalogue stored for its component."""

from __future__ import annotations

import io

from flask import Flask

from assembly.catalogue.services import set_component_image
from assembly.floor import start
from core.audit import system_actor
from core.auth.models import User
from core.extensions import db
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
            upload_folder=app.config["UPLOAD_FOLDER"],
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
