"""Component services: slug ids, safe and unique pins, checked pictures, guarded deletes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from assembly.catalogue import services
from assembly.catalogue.services import CatalogueError, ComponentValues
from assembly.const import IMAGE_MAX_BYTES
from assembly.models import Component, ComponentImage
from assembly.signals import components_changed
from core.extensions import db
from tests.assembly.catalogue.conftest import GIF, JPEG, WEBP, audit_actions, png_bytes, stream
from tests.fixtures.images import image_bytes

FOOT = 27


@pytest.fixture
def app(any_db_app: Flask) -> Flask:
    """Run these on each engine under test."""
    return any_db_app


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    """Run the test inside an app context."""
    with app.app_context():
        yield app


def _create(actor, name="Anode", pin=17, **more) -> Component:
    values = ComponentValues(name=name, colour="#D62828", gpio_pin=pin, **more)
    return services.create_component(db.session, values, foot_switch_pin=FOOT, actor=actor)


def _stored() -> list[str]:
    return sorted(db.session.scalars(select(ComponentImage.name)))


def test_ids_are_unique_slugs_of_the_name(ctx, actor) -> None:
    first = _create(actor, "Anode", 17)
    second = _create(actor, "anode", 22)
    third = _create(actor, "Ánode!", 23)
    assert [first.id, second.id, third.id] == ["anode", "anode-2", "anode-3"]
    assert first.colour == "#d62828"


@pytest.mark.parametrize(
    ("name", "slug"),
    [("../x", "x"), ("/etc/x", "etc-x"), ("..", "component"), ("a/../../b\\c", "a-b-c")],
)
def test_path_like_names_become_harmless_slugs(ctx, actor, name: str, slug: str) -> None:
    component = _create(actor, name, 17)
    assert component.id == slug
    assert component.name == name


@pytest.mark.parametrize("pin", [0, 1, 2, 3, 7, 8, 9, 10, 11, FOOT, 28, -1])
def test_unsafe_pins_are_refused_naming_the_field(ctx, actor, pin: int) -> None:
    with pytest.raises(CatalogueError) as refused:
        _create(actor, "Anode", pin)
    assert refused.value.status == 422
    assert f"GPIO {pin}" in refused.value.fields["gpio_pin"]
    db.session.rollback()
    assert db.session.query(Component).count() == 0


def test_a_pin_already_used_is_refused_naming_the_holder(ctx, actor) -> None:
    _create(actor, "Anode", 17)
    cathode = _create(actor, "Cathode", 4)
    with pytest.raises(CatalogueError) as refused:
        _create(actor, "Separator", 17)
    assert refused.value.fields == {"gpio_pin": "GPIO 17 is already used by Anode."}
    with pytest.raises(CatalogueError) as moved:
        services.update_component(
            db.session, cathode.id, {"gpio_pin": 17}, foot_switch_pin=FOOT, actor=actor
        )
    assert "Anode" in moved.value.fields["gpio_pin"]
    db.session.rollback()
    assert db.session.get(Component, "cathode").gpio_pin == 4


def test_bad_values_are_all_named(ctx, actor) -> None:
    values = ComponentValues(name="  ", colour="red", gpio_pin=17, target_seconds=0)
    with pytest.raises(CatalogueError) as refused:
        services.create_component(db.session, values, foot_switch_pin=FOOT, actor=actor)
    assert set(refused.value.fields) == {"name", "colour", "target_seconds"}


def test_changes_are_audited_and_announced(ctx, actor) -> None:
    heard: list[object] = []

    def receiver(sender: object) -> None:
        heard.append(sender)

    with components_changed.connected_to(receiver):
        component = _create(actor, "Anode", 17)
        services.update_component(
            db.session, component.id, {"target_seconds": 40}, foot_switch_pin=FOOT, actor=actor
        )
        services.delete_component(db.session, component.id, actor=actor)
    assert heard == [ctx, ctx, ctx]
    assert audit_actions(db.session, "anode") == [
        "assembly.component_created",
        "assembly.component_updated",
        "assembly.component_deleted",
    ]


@pytest.mark.parametrize("data", [png_bytes(), JPEG, WEBP])
def test_pictures_are_stored_under_generated_names(ctx, actor, data: bytes) -> None:
    component = _create(actor)
    services.set_component_image(
        db.session,
        component.id,
        stream(data),
        actor=actor,
    )
    assert services.is_image_name(component.image)
    assert services.load_image(db.session, component.image).data == data
    assert not Path(ctx.config["UPLOAD_FOLDER"], "assembly").exists()  # nothing on this Pi's disk


PHOTO = image_bytes("PNG", size=(64, 48))


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (b"this is text in a file called photo.png", "PNG, JPEG or WebP"),
        (GIF, "PNG, JPEG or WebP"),
        (JPEG[:40], "PNG, JPEG or WebP"),  # a JPEG header whose picture never arrived
        (PHOTO[: len(PHOTO) * 3 // 4], "PNG, JPEG or WebP"),  # a PNG cut short in upload
        (image_bytes("PNG", size=(6000, 4001)), "24 megapixels"),  # small file, huge picture
        (png_bytes(IMAGE_MAX_BYTES + 1), "at most 2048 KiB"),
    ],
    ids=["text", "gif", "jpeg-header", "truncated-png", "bomb", "oversize"],
)
def test_wrong_or_oversize_pictures_are_refused_and_nothing_is_stored(
    ctx, actor, data: bytes, field: str
) -> None:
    component = _create(actor)
    with pytest.raises(CatalogueError) as refused:
        services.set_component_image(
            db.session,
            component.id,
            stream(data),
            actor=actor,
        )
    assert field in refused.value.fields["image"]
    db.session.rollback()
    assert db.session.get(Component, component.id).image is None
    assert _stored() == []


def test_a_picture_at_the_limit_is_accepted(ctx, actor) -> None:
    component = _create(actor)
    data = png_bytes(IMAGE_MAX_BYTES)
    services.set_component_image(
        db.session,
        component.id,
        stream(data),
        actor=actor,
    )
    assert _stored() == [component.image]


def test_replacing_a_picture_removes_the_old_one_and_delete_removes_the_last(ctx, actor) -> None:
    component = _create(actor)
    services.set_component_image(db.session, component.id, stream(JPEG), actor=actor)
    first = component.image
    services.set_component_image(db.session, component.id, stream(png_bytes()), actor=actor)
    assert component.image != first
    assert _stored() == [component.image]
    services.delete_component(db.session, component.id, actor=actor)
    assert _stored() == []


def test_a_component_used_by_a_project_cannot_be_deleted(ctx, actor, make_project) -> None:
    make_project(("anode", "cathode"), project_id="stack-a")
    make_project(("anode",), project_id="stack-b")
    with pytest.raises(CatalogueError) as refused:
        services.delete_component(db.session, "anode", actor=actor)
    assert refused.value.status == 409
    assert refused.value.message == "Anode is used by 2 projects: Stack A, Stack B"
    assert refused.value.fields == {"component": "in use"}
    db.session.rollback()
    assert db.session.get(Component, "anode") is not None
    assert "assembly.component_deleted" not in audit_actions(db.session)


def test_a_pi_with_its_foot_switch_on_a_components_pin_may_still_edit_the_rest(ctx, actor) -> None:
    """Pis sharing the catalogue may wire the foot switch differently: a kept pin is not refused."""
    component = _create(actor, "Anode", 26)
    services.update_component(
        db.session, component.id, {"notes": "wipe first"}, foot_switch_pin=26, actor=actor
    )
    assert db.session.get(Component, "anode").notes == "wipe first"
    with pytest.raises(CatalogueError) as refused:
        services.update_component(
            db.session, component.id, {"gpio_pin": 27}, foot_switch_pin=27, actor=actor
        )
    assert "foot switch" in refused.value.fields["gpio_pin"]
