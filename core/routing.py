"""URL converters every module's routes share."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

# The largest id a database integer column holds (SQLite INTEGER, PostgreSQL BIGINT).
MAX_DATABASE_ID = 2**63 - 1


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` that never matches a number too large for the database: 404, not a 500."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_DATABASE_ID)
        super().__init__(url_map, *args, **kwargs)
