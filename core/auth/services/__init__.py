"""User services: look-ups, sign-in and writes; every write commits with its audit entry.

Write services take the actor (core.audit.request_actor() in a route, system_actor(...) in the
CLI) as the keyword `actor`; None stands for the platform itself (seed and fixture code).
"""

from __future__ import annotations

from core.auth.services.common import (
    BADGE_RE,
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    PIN_RE,
    USERNAME_RE,
    Actor,
    AuthError,
    badge_digest,
    check_password,
    normalize_username,
    user_actor,
)
from core.auth.services.queries import (
    get_user,
    get_user_by_username,
    has_users,
    kiosk_users,
    list_users,
    load_session_user,
)
from core.auth.services.signin import (
    authenticate_badge,
    authenticate_password,
    authenticate_pin,
    pin_locked,
    record_logout,
)
from core.auth.services.users import (
    create_first_admin,
    create_user,
    set_active,
    set_badge,
    set_password,
    set_pin,
    set_role,
    update_details,
)

__all__ = [
    "BADGE_RE",
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "PIN_RE",
    "USERNAME_RE",
    "Actor",
    "AuthError",
    "authenticate_badge",
    "authenticate_password",
    "authenticate_pin",
    "badge_digest",
    "check_password",
    "create_first_admin",
    "create_user",
    "get_user",
    "get_user_by_username",
    "has_users",
    "kiosk_users",
    "list_users",
    "load_session_user",
    "normalize_username",
    "pin_locked",
    "record_logout",
    "set_active",
    "set_badge",
    "set_password",
    "set_pin",
    "set_role",
    "update_details",
    "user_actor",
]
