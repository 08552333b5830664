"""Read the old tool's events.db (read-only): its sessions table and their events."""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from assembly.const import EventKind
from assembly.floor.errors import plural
from assembly.records.legacy.folder import Skipped, inside

SESSION_COLUMNS = ("id", "project", "started", "ended", "status", "device")
EVENT_COLUMNS = ("session_id", "step", "comp", "ts", "kind")
EXPECTED = {"sessions": SESSION_COLUMNS, "events": EVENT_COLUMNS}
UNIX_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
BAD_KIND = "an unknown kind"
BAD_STEP = "a step that is not a whole number from 0"
BAD_TIME = "a time that is neither ISO 8601 nor Unix seconds in range"
SHOWN_MAX = 5
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


def _from_unix(value: float, shown: object) -> datetime:
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"time {shown!r} is out of range for Unix seconds") from None


def parse_time(value: object) -> datetime:
    """Return an aware UTC datetime from ISO 8601 text (no zone = UTC) or Unix seconds.

    Unix seconds may be a number or numeric text ("1700000000"): a column without a type
    keeps whatever the old tool wrote, and text that is a plain number is never ISO 8601.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_unix(value, value)
    if isinstance(value, str) and value.strip():
        text = value.strip()
        if UNIX_TEXT.match(text):
            return _from_unix(float(text), value)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"time {value!r} is neither ISO 8601 nor Unix seconds") from None
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    raise ValueError(f"time {value!r} is neither ISO 8601 nor Unix seconds")


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
            columns = "column" if len(missing) == 1 else "columns"
            skipped.add(f"events.db table {name}", f"missing {columns} {', '.join(missing)}")
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
            if not isinstance(sid, int) or isinstance(sid, bool):
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


def _listed(values: list[str]) -> str:
    shown = ", ".join(values[:SHOWN_MAX])
    return shown + (f" and {len(values) - SHOWN_MAX} more" if len(values) > SHOWN_MAX else "")


@dataclass
class _Refused:
    """Event rows refused for one reason: how many, the values seen and their sessions."""

    rows: int = 0
    values: set[str] = field(default_factory=set)
    sessions: set[int] = field(default_factory=set)

    def add(self, value: object, session_id: int) -> None:
        self.rows += 1
        self.values.add(repr(value))
        self.sessions.add(session_id)

    def text(self, reason: str) -> str:
        rows = plural(self.rows, "row")
        sessions = _listed([str(sid) for sid in sorted(self.sessions)])
        label = "session" if len(self.sessions) == 1 else "sessions"
        return f"{rows} with {reason}: {_listed(sorted(self.values))} ({label} {sessions})"


def _events(
    connection: sqlite3.Connection, sessions: dict[int, LegacySession], skipped: Skipped
) -> None:
    query = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events ORDER BY ts, rowid"  # noqa: S608
    orphans: list[object] = []
    refused: defaultdict[str, _Refused] = defaultdict(_Refused)
    for session_id, step, comp, ts, kind in connection.execute(query):
        run = sessions.get(session_id)
        if run is None:
            orphans.append(session_id)
            continue
        mapped = EVENT_KINDS.get(kind.strip().lower()) if isinstance(kind, str) else None
        if mapped is None:
            refused[BAD_KIND].add(kind, session_id)
            continue
        if not isinstance(step, int) or isinstance(step, bool) or step < 0:
            refused[BAD_STEP].add(step, session_id)
            continue
        try:
            at = parse_time(ts)
        except ValueError:
            refused[BAD_TIME].add(ts, session_id)
            continue
        run.events.append(
            LegacyEvent(step, comp if isinstance(comp, str) else None, at, mapped, kind)
        )
    if orphans:
        of = "a session" if len(set(orphans)) == 1 else "sessions"
        rows = plural(len(orphans), "row")
        skipped.add("events.db events", f"{rows} of {of} not imported or unknown")
    for reason in (BAD_KIND, BAD_STEP, BAD_TIME):
        if reason in refused:
            skipped.add("events.db events", refused[reason].text(reason))


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
