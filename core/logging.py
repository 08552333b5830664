"""Structured logs: one JSON object per line on stderr, or plain text for people."""

from __future__ import annotations

import json
import logging
import sys
import time
import traceback
from datetime import UTC, datetime
from typing import Any, TextIO

from flask import Flask, Response, g, request

STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
request_logger = logging.getLogger("shoptwin.request")


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object: ts, level, logger, message and extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Render the record as a single line of JSON."""
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, default=str)


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Write to whatever sys.stderr is at the time, so pytest's capture keeps working."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        """Return the current sys.stderr."""
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        """Ignore: the stream is always the current sys.stderr."""


def configure_logging(log_format: str, level: int = logging.INFO) -> logging.Handler:
    """Install (once) the ShopTwin handler on the root logger, with the chosen format."""
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, StderrHandler)), None)
    if handler is None:
        handler = StderrHandler()
        root.addHandler(handler)
    if log_format == "plain":
        handler.setFormatter(logging.Formatter(PLAIN_FORMAT))
    else:
        handler.setFormatter(JsonFormatter())
    root.setLevel(level)
    return handler


def _start_timer() -> None:
    g.request_started = time.perf_counter()


def _log_request(response: Response) -> Response:
    started = g.get("request_started")
    elapsed_ms = round((time.perf_counter() - started) * 1000, 2) if started else None
    user = g.get("_login_user")  # Set by Flask-Login only when the view looked at the user.
    request_logger.info(
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "ms": elapsed_ms,
            "user_id": getattr(user, "id", None),
        },
    )
    return response


def init_app(app: Flask) -> None:
    """Set up the log format from LOG_FORMAT and log one line per request."""
    configure_logging(app.config.get("LOG_FORMAT", "json"))
    app.before_request(_start_timer)
    app.after_request(_log_request)
