"""JSON API under /api/v1/assembly/components: list, create, change, delete, picture."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request, url_for
from flask.typing import ResponseReturnValue

from assembly.catalogue import services
from assembly.catalogue.services import ComponentValues
from assembly.catalogue.web import schemas
from assembly.catalogue.web.blueprints import api as bp
from assembly.catalogue.web.common import foot_switch_pin, refusals
from assembly.models import Component
from core.api import ApiError, api_doc, parse_body
from core.audit import request_actor
from core.auth import role_required
from core.extensions import db
from core.roles import MANAGERS, READERS

WRITE_ERRORS = (400, 401, 403, 404, 409, 415, 422)


def component_json(component: Component) -> dict[str, Any]:
    """Return a component as the API shows it."""
    image = component.image
    return {
        "id": component.id,
        "name": component.name,
        "colour": component.colour,
        "gpio_pin": component.gpio_pin,
        "target_seconds": component.target_seconds,
        "critical": component.critical,
        "notes": component.notes,
        "image_url": url_for("assembly_catalogue.component_image", name=image) if image else None,
    }


@bp.get("/components")
@role_required(*READERS)
@api_doc("List components", response=list[schemas.ComponentOut], errors=(401, 403))
def component_list() -> ResponseReturnValue:
    """Return every component by name."""
    return jsonify([component_json(c) for c in services.list_components(db.session)])


@bp.post("/components")
@role_required(*MANAGERS)
@api_doc(
    "Create a component",
    body=schemas.ComponentCreate,
    response=schemas.ComponentOut,
    status=201,
    errors=WRITE_ERRORS,
)
def component_create() -> ResponseReturnValue:
    """Create a component; its id is a slug of its name."""
    body = parse_body(schemas.ComponentCreate)
    with refusals():
        component = services.create_component(
            db.session,
            ComponentValues(**body.model_dump()),
            foot_switch_pin=foot_switch_pin(),
            actor=request_actor(),
        )
    return jsonify(component_json(component)), 201


@bp.get("/components/<component_id>")
@role_required(*READERS)
@api_doc("One component", response=schemas.ComponentOut, errors=(401, 403, 404))
def component_detail(component_id: str) -> ResponseReturnValue:
    """Return one component."""
    with refusals():
        return jsonify(component_json(services.get_component(db.session, component_id)))


@bp.patch("/components/<component_id>")
@role_required(*MANAGERS)
@api_doc(
    "Change a component",
    body=schemas.ComponentPatch,
    response=schemas.ComponentOut,
    errors=WRITE_ERRORS,
)
def component_update(component_id: str) -> ResponseReturnValue:
    """Change the fields sent; send target_seconds null to clear it."""
    changes = parse_body(schemas.ComponentPatch).model_dump(exclude_unset=True)
    with refusals():
        component = services.update_component(
            db.session,
            component_id,
            changes,
            foot_switch_pin=foot_switch_pin(),
            actor=request_actor(),
        )
    return jsonify(component_json(component))


@bp.delete("/components/<component_id>")
@role_required(*MANAGERS)
@api_doc("Delete an unused component", status=204, errors=(400, 401, 403, 404, 409))
def component_delete(component_id: str) -> ResponseReturnValue:
    """Delete a component no project version uses (409 naming the projects otherwise)."""
    with refusals():
        services.delete_component(db.session, component_id, actor=request_actor())
    return "", 204


@bp.post("/components/<component_id>/image")
@role_required(*MANAGERS)
@api_doc(
    "Upload a component picture",
    description="multipart/form-data with an `image` file: PNG, JPEG or WebP, checked by content.",
    response=schemas.ComponentOut,
    errors=(400, 401, 403, 404, 413, 422),
)
def component_image_upload(component_id: str) -> ResponseReturnValue:
    """Store a new picture for a component, replacing the old one."""
    upload = request.files.get("image")
    if upload is None or not upload.filename:
        raise ApiError(422, "invalid request", {"image": "Attach a file named image."})
    with refusals():
        component = services.set_component_image(
            db.session,
            component_id,
            upload.stream,
            actor=request_actor(),
        )
    return jsonify(component_json(component))
