"""Append-only, hash-chained log of who did what to which subject, when and from where."""

from __future__ import annotations

from flask import Flask

from core.audit.cli import audit_cli
from core.audit.context import request_actor, system_actor
from core.audit.models import AuditEntry
from core.audit.service import VerifyResult, count_since, record, tail, verify

__all__ = [
    "AuditEntry",
    "VerifyResult",
    "count_since",
    "init_app",
    "record",
    "request_actor",
    "system_actor",
    "tail",
    "verify",
]


def init_app(app: Flask) -> None:
    """Register the `flask audit` commands."""
    app.cli.add_command(audit_cli)
