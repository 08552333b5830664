"""Supervisor pages for components: list, create, edit (with picture), delete, pictures."""

from __future__ import annotations

import io
from dataclasses import asdict
from typing import IO

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import FileStorage

from assembly.catalogue import services
from assembly.catalogue.services import CatalogueError, ComponentValues
from assembly.catalogue.web.blueprints import pages as bp
from assembly.catalogue.web.common import foot_switch_pin, page_error
from assembly.catalogue.web.forms import ComponentForm
from assembly.models import Component
from core.audit import request_actor
from core.auth import role_required
from core.extensions import db
from core.roles import EVERYONE, MANAGERS


@bp.get("/components")
@role_required(*MANAGERS)
def components() -> str:
    """List components with colour, pin, picture, target and critical flag."""
    return _list_page()


def _list_page(message: str = "") -> str:
    return render_template(
        "assembly/catalogue/components.html",
        components=services.list_components(db.session),
        message=message,
    )


def _values(form: ComponentForm) -> ComponentValues:
    return ComponentValues(
        name=form.name.data or "",
        colour=form.colour.data or "",
        gpio_pin=form.gpio_pin.data,
        target_seconds=form.target_seconds.data,
        critical=bool(form.critical.data),
        notes=form.notes.data or "",
    )


def _upload(form: ComponentForm) -> IO[bytes] | None:
    upload = form.image.data
    return upload.stream if isinstance(upload, FileStorage) and upload.filename else None


def _form_page(form: ComponentForm, component: Component | None, message: str = "") -> tuple:
    status = 422 if form.errors or message else 200
    page = "assembly/catalogue/component_form.html"
    return render_template(page, form=form, component=component, message=message), status


@bp.route("/components/new", methods=["GET", "POST"])
@role_required(*MANAGERS)
def component_new() -> ResponseReturnValue:
    """Create a component (the picture is optional)."""
    form = ComponentForm()
    if not form.validate_on_submit():
        return _form_page(form, None)
    try:
        component = services.create_component(
            db.session,
            _values(form),
            foot_switch_pin=foot_switch_pin(),
            actor=request_actor(),
            image=_upload(form),
        )
    except CatalogueError as error:
        return _form_page(form, None, page_error(error, form))
    flash(f"Component {component.name} created.", "success")
    return redirect(url_for(".components"))


@bp.route("/components/<component_id>/edit", methods=["GET", "POST"])
@role_required(*MANAGERS)
def component_edit(component_id: str) -> ResponseReturnValue:
    """Change a component and, optionally, replace its picture."""
    component = db.session.get(Component, component_id) or abort(404)
    form = ComponentForm(obj=component)
    if not form.validate_on_submit():
        return _form_page(form, component)
    try:
        services.update_component(
            db.session,
            component_id,
            asdict(_values(form)),
            foot_switch_pin=foot_switch_pin(),
            actor=request_actor(),
            image=_upload(form),
        )
    except CatalogueError as error:
        return _form_page(form, component, page_error(error, form))
    flash(f"Component {component.name} saved.", "success")
    return redirect(url_for(".components"))


@bp.post("/components/<component_id>/delete")
@role_required(*MANAGERS)
def component_delete(component_id: str) -> ResponseReturnValue:
    """Delete a component that no project uses."""
    try:
        services.delete_component(db.session, component_id, actor=request_actor())
    except CatalogueError as error:
        message = page_error(error)
        return _list_page(message), error.status
    flash("Component deleted.", "success")
    return redirect(url_for(".components"))


@bp.get("/components/images/<name>")
@role_required(*EVERYONE)
def component_image(name: str) -> ResponseReturnValue:
    """Serve a stored component picture; only generated names are ever looked up."""
    image = services.load_image(db.session, name)
    if image is None:
        abort(404)
    # A name always means the same bytes (a new upload gets a new name): the browser keeps it
    # for a day; "private" since only signed-in users may see it.
    response = send_file(
        io.BytesIO(image.data), image.mime, download_name=name, max_age=86_400, etag=name
    )
    response.cache_control.public = False
    response.cache_control.private = True
    return response
