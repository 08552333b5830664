"""JSON API under /api/v1/auth/: who am I, and device tokens (admin)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from flask import Blueprint
from flask.typing import ResponseReturnValue
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from core.api import ApiError, api_doc, parse_body
from core.audit import request_actor
from core.auth import tokens
from core.auth.decorators import current_device, role_required, user_or_device_required
from core.auth.models import DeviceToken, User
from core.auth.services import AuthError
from core.extensions import db
from core.roles import ADMIN, EVERYONE

bp = Blueprint("auth_api", __name__, url_prefix="/api/v1/auth")


class TokenCreate(BaseModel):
    """Body of POST /api/v1/auth/tokens."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=120)
    device_id: str = Field(min_length=1, max_length=120)


class UserOut(BaseModel):
    """A user as the API shows it (never a hash)."""

    id: int
    username: str
    display_name: str
    role: str
    active: bool
    has_badge: bool
    has_pin: bool
    created_at: datetime
    last_login_at: datetime | None

    @classmethod
    def of(cls, user: User) -> UserOut:
        """Build from a User."""
        return cls.model_validate(user, from_attributes=True)


class TokenOut(BaseModel):
    """A device token as the API shows it (never the token or its hash)."""

    id: int
    name: str
    device_id: str
    prefix: str
    created_by: str | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, token: DeviceToken) -> TokenOut:
        """Build from a DeviceToken."""
        creator = token.created_by.username if token.created_by else None
        return cls(
            id=token.id,
            name=token.name,
            device_id=token.device_id,
            prefix=token.prefix,
            created_by=creator,
            created_at=token.created_at,
            last_used_at=token.last_used_at,
            revoked_at=token.revoked_at,
        )


class MeOut(BaseModel):
    """Who is calling: a signed-in user, or a device by its token."""

    kind: Literal["user", "device"]
    user: UserOut | None = None
    device: TokenOut | None = None


class TokenList(BaseModel):
    """Every device token, live ones first."""

    tokens: list[TokenOut]


class TokenCreated(BaseModel):
    """A new token; `secret` is shown in this answer and never again."""

    token: TokenOut
    secret: str


class TokenRevoked(BaseModel):
    """A revoked token (it stays listed, with revoked_at set)."""

    token: TokenOut


@bp.get("/me")
@user_or_device_required(*EVERYONE)
@api_doc(
    "Who am I: the signed-in user or the calling device",
    response=MeOut,
    auth=("session", "device"),
    errors=(401,),
)
def me() -> ResponseReturnValue:
    """Return the signed-in user, or the device whose token authenticated the request."""
    device = current_device()
    if device is not None:
        return MeOut(kind="device", device=TokenOut.of(device)).model_dump(mode="json")
    return MeOut(kind="user", user=UserOut.of(current_user)).model_dump(mode="json")


@bp.get("/tokens")
@role_required(ADMIN)
@api_doc("List device tokens", response=TokenList, errors=(401, 403))
def token_list() -> ResponseReturnValue:
    """List device tokens."""
    found = tokens.list_device_tokens(db.session)
    return TokenList(tokens=[TokenOut.of(token) for token in found]).model_dump(mode="json")


@bp.post("/tokens")
@role_required(ADMIN)
@api_doc(
    "Create a device token (the secret is shown once)",
    body=TokenCreate,
    response=TokenCreated,
    status=201,
    errors=(400, 401, 403, 415, 422),
)
def token_create() -> ResponseReturnValue:
    """Create a device token; the raw token is in this answer and nowhere else."""
    body = parse_body(TokenCreate)
    try:
        token, raw = tokens.create_device_token(
            db.session, body.name, body.device_id, current_user.id, actor=request_actor()
        )
    except AuthError as error:
        raise ApiError(error.status, "invalid request", error.fields) from None
    created = TokenCreated(token=TokenOut.of(token), secret=raw)
    return created.model_dump(mode="json"), 201, {"Cache-Control": "no-store"}


@bp.delete("/tokens/<int:token_id>")
@role_required(ADMIN)
@api_doc("Revoke a device token", response=TokenRevoked, errors=(400, 401, 403, 404))
def token_revoke(token_id: int) -> ResponseReturnValue:
    """Revoke a device token (it stays listed, with revoked_at set)."""
    token = tokens.get_device_token(db.session, token_id)
    if token is None:
        raise ApiError(404, "no such device token", {"token_id": "not found"})
    tokens.revoke_device_token(db.session, token, actor=request_actor())
    return TokenRevoked(token=TokenOut.of(token)).model_dump(mode="json")
