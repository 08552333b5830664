"""Read the old tool's events.db (read-only): its sessions table and their events."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from assembly.const import EventKind
from assembly.records.legacy.folder import Skipped, inside

SESSION_COLUMNS = ("id", "project", "started", "ended", "status", "device")
EVENT_COLUMNS = ("session_id", "step", "comp", "ts", "kind")
EXPECTED = {"sessions": SESSION_COLUMNS, "events": EVENT_COLUMNS}
FINISHED_STATUSES = frozenset({"finished", "complete", "completed", "done"})
EVENT_KINDS = {
    "shown": EventKind.SHOWN,
    "show": EventKind.SHOWN,
    "start": EventKind.SHOWN,
    "confirmed": EventKind.CONFIRMED,
    "confirm": EventKind.CONFIRMED,
    "next": EventKind.CONFIRMED,
    "review": EventKind.REVIEW,
    "finish": EventKind.FINISH,
    "finished": EventKind.FINISH,
    "done": EventKind.FINISH,
    "abort": EventKind.ABORT,
    "aborted": EventKind.ABORT,
    "stop": EventKind.ABORT,
    "force_stop": EventKind.ABORT,
}


@dataclass(frozen=True)
class LegacyEvent:
    """One event of a legacy session."""

    step: int
    comp: str | None
    at: datetime
    kind: EventKind
    legacy_kind: str


@dataclass
class LegacySession:
    """One legacy run with its events, oldest first."""

    legacy_id: int
    project: str
    started: datetime
    ended: datetime | None
    status: str
    device: str
    events: list[LegacyEvent] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        """Tell whether the old tool recorded this run as completed."""
        return self.status.strip().lower() in FINISHED_STATUSES


def parse_time(value: object) -> datetime:
    """Return an aware UTC datetime from ISO 8601 text (no zone = UTC) or Unix seconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str) and value.strip():
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"time {value!r} is not ISO 8601") from None
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    raise ValueError(f"time {value!r} is not ISO 8601 or Unix seconds")


def _columns(connection: sqlite3.Connection, table: str) -> set[str]:
    rows = connection.execute("SELECT name FROM pragma_table_info(?)", (table,))
    return {name.lower() for (name,) in rows}


def _usable_tables(connection: sqlite3.Connection, skipped: Skipped) -> set[str]:
    names = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    usable = set()
    for name in sorted(names):
        expected = EXPECTED.get(name.lower())
        if expected is None:
            skipped.add(f"events.db table {name}", "not part of the expected layout")
            continue
        missing = [column for column in expected if column not in _columns(connection, name)]
        if missing:
            skipped.add(f"events.db table {name}", f"missing columns {', '.join(missing)}")
            continue
        usable.add(name.lower())
    for name in EXPECTED:
        if name not in usable and name not in {n.lower() for n in names}:
            skipped.add(f"events.db table {name}", "not present")
    return usable


def _sessions(connection: sqlite3.Connection, skipped: Skipped) -> dict[int, LegacySession]:
    sessions = {}
    query = f"SELECT {', '.join(SESSION_COLUMNS)} FROM sessions ORDER BY id"  # noqa: S608
    for sid, project, started, ended, status, device in connection.execute(query):
        what = f"events.db session {sid!r}"
        try:
            if not isinstance(sid, int) or isinstance(project, bool):
                raise ValueError("id is not an integer")
            if not isinstance(project, str) or not project:
                raise ValueError("project is not a project id")
            if not isinstance(device, str) or not device.strip():
                raise ValueError("device is empty")
            sessions[sid] = LegacySession(
                legacy_id=sid,
                project=project,
                started=parse_time(started),
                ended=None if ended in (None, "") else parse_time(ended),
                status=status if isinstance(status, str) else "",
                device=device.strip(),
            )
        except ValueError as error:
            skipped.add(what, str(error))
    return sessions


def _events(
    connection: sqlite3.Connection, sessions: dict[int, LegacySession], skipped: Skipped
) -> None:
    query = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events ORDER BY ts, rowid"  # noqa: S608
    orphans = bad = 0
    for session_id, step, comp, ts, kind in connection.execute(query):
        run = sessions.get(session_id)
        if run is None:
            orphans += 1
            continue
        mapped = EVENT_KINDS.get(kind.strip().lower()) if isinstance(kind, str) else None
        try:
            if mapped is None or not isinstance(step, int) or step < 0:
                raise ValueError
            at = parse_time(ts)
        except ValueError:
            bad += 1
            continue
        run.events.append(
            LegacyEvent(step, comp if isinstance(comp, str) else None, at, mapped, kind)
        )
    if orphans:
        skipped.add("events.db events", f"{orphans} rows of sessions not imported or unknown")
    if bad:
        skipped.add("events.db events", f"{bad} rows with an unknown kind, step or time")


def read_sessions(root: Path, skipped: Skipped) -> list[LegacySession]:
    """Return the legacy sessions of DIR/events.db with their events; note what was skipped."""
    resolved = inside(root, root / "events.db")
    if resolved is None or not resolved.is_file():
        skipped.add("events.db", "missing (or outside DIR); no sessions imported")
        return []
    try:
        with closing(sqlite3.connect(f"{resolved.as_uri()}?mode=ro", uri=True)) as connection:
            tables = _usable_tables(connection, skipped)
            if "sessions" not in tables:
                return []
            sessions = _sessions(connection, skipped)
            if "events" in tables:
                _events(connection, sessions, skipped)
    except sqlite3.DatabaseError as error:
        skipped.add("events.db", f"not a readable SQLite database ({error})")
        return []
    return list(sessions.values())
