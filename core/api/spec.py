"""What an API view declares about itself for the OpenAPI document."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

View = TypeVar("View", bound=Callable[..., Any])
Auth = Literal["session", "device"]
ATTRIBUTE = "api_doc"


@dataclass(frozen=True)
class ApiDoc:
    """One view's documentation: models, summary, success status, roles and accepted auth."""

    summary: str | None = None
    description: str | None = None
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: Any = None
    status: int = 200
    media_type: str = "application/json"
    roles: frozenset[str] | None = None
    auth: tuple[Auth, ...] = ("session",)
    errors: tuple[int, ...] = ()


def api_doc(
    summary: str | None = None,
    *,
    description: str | None = None,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: Any = None,
    status: int = 200,
    media_type: str = "application/json",
    roles: Iterable[str] | None = None,
    auth: Iterable[Auth] = ("session",),
    errors: Iterable[int] = (),
) -> Callable[[View], View]:
    """Attach OpenAPI metadata to a view; it changes nothing about how the view runs.

    `response` is a pydantic model, `list[Model]`, or None for an undescribed body;
    `auth` lists what the view accepts ("session", "device"); empty means public.
    """
    doc = ApiDoc(
        summary=summary,
        description=description,
        body=body,
        query=query,
        response=response,
        status=status,
        media_type=media_type,
        roles=frozenset(roles) if roles is not None else None,
        auth=tuple(auth),
        errors=tuple(errors),
    )

    def attach(view: View) -> View:
        setattr(view, ATTRIBUTE, doc)
        return view

    return attach


def doc_of(view: Callable[..., Any]) -> ApiDoc | None:
    """Find the metadata of a view, looking through decorators that used functools.wraps."""
    current: Any = view
    while current is not None:
        found = getattr(current, ATTRIBUTE, None)
        if isinstance(found, ApiDoc):
            return found
        current = getattr(current, "__wrapped__", None)
    return None


def roles_of(view: Callable[..., Any], doc: ApiDoc | None) -> frozenset[str] | None:
    """Return the roles a view admits: declared in api_doc, else set by its role guard."""
    if doc is not None and doc.roles is not None:
        return doc.roles
    roles = getattr(view, "required_roles", None)
    return frozenset(roles) if roles is not None else None
