"""The registry of domain modules the top bar and the home page show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Flask, current_app, render_template

EXTENSION_KEY = "shoptwin.modules"


@dataclass(frozen=True)
class ModuleLink:
    """A page of a module, listed on its landing page for the roles that may open it."""

    title: str
    endpoint: str
    roles: frozenset[str]
    summary: str = ""


@dataclass(frozen=True)
class ModuleInfo:
    """One domain module: where its landing page is and who may see it."""

    name: str
    title: str
    endpoint: str
    roles: frozenset[str]
    summary: str
    status: Callable[[], dict[str, Any]] = field(default=lambda: {"state": "idle"})
    links: tuple[ModuleLink, ...] = ()

    def links_for(self, role: str | None) -> list[ModuleLink]:
        """Return the pages of this module a user with this role may open."""
        return [link for link in self.links if role in link.roles]


def register_module(app: Flask, info: ModuleInfo) -> None:
    """Add a module to the app's registry, in registration order."""
    app.extensions.setdefault(EXTENSION_KEY, {})[info.name] = info


def registered_modules() -> list[ModuleInfo]:
    """Return the modules of the current app, in registration order."""
    return list(current_app.extensions.get(EXTENSION_KEY, {}).values())


def modules_for(role: str | None) -> list[ModuleInfo]:
    """Return the modules a user with this role may open."""
    return [info for info in registered_modules() if role in info.roles]


def landing_blueprint(name: str, roles: frozenset[str]) -> Blueprint:
    """Make a module's blueprint with its landing page at /<name>/ (until it has its own)."""
    from core.auth import role_required

    blueprint = Blueprint(name, name, url_prefix=f"/{name}")

    @blueprint.get("/")
    @role_required(*roles)
    def index() -> str:
        info = current_app.extensions[EXTENSION_KEY][name]
        return render_template("core/module.html", module=info)

    return blueprint
