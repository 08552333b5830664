"""Roles and what each may see; admin > supervisor > operator, and viewer reads only."""

from __future__ import annotations

ADMIN = "admin"
SUPERVISOR = "supervisor"
OPERATOR = "operator"
VIEWER = "viewer"
ROLES = (ADMIN, SUPERVISOR, OPERATOR, VIEWER)

MANAGERS = frozenset({ADMIN, SUPERVISOR})
STAFF = frozenset({ADMIN, SUPERVISOR, OPERATOR})
READERS = frozenset({ADMIN, SUPERVISOR, VIEWER})
EVERYONE = frozenset(ROLES)
