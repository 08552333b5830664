"""Catalogue services: components (with pictures) and versioned projects."""

from assembly.catalogue.services.common import CatalogueError, NotFoundError, slugify, unique_slug
from assembly.catalogue.services.components import (
    ComponentValues,
    create_component,
    delete_component,
    get_component,
    list_components,
    projects_using,
    set_component_image,
    update_component,
)
from assembly.catalogue.services.diff import Change, StepChange, diff_steps
from assembly.catalogue.services.images import is_image_name, load_image, read_image
from assembly.catalogue.services.projects import (
    StepValues,
    create_project,
    diff_versions,
    duplicate_project,
    get_project,
    get_version,
    list_projects,
    set_steps,
    update_project,
    version_in_use,
)

__all__ = [
    "CatalogueError",
    "Change",
    "ComponentValues",
    "NotFoundError",
    "StepChange",
    "StepValues",
    "create_component",
    "create_project",
    "delete_component",
    "diff_steps",
    "diff_versions",
    "duplicate_project",
    "get_component",
    "get_project",
    "get_version",
    "is_image_name",
    "list_components",
    "list_projects",
    "load_image",
    "projects_using",
    "read_image",
    "set_component_image",
    "set_steps",
    "slugify",
    "unique_slug",
    "update_component",
    "update_project",
    "version_in_use",
]
