"""Session records as CSV (streamed row by row) and XLSX (openpyxl write-only workbooks)."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from assembly.const import abort_reason_text
from assembly.records.const import ABORT_CODES
from assembly.records.queries import SessionRow
from assembly.records.services import TrailEntry, step_number
from assembly.records.timeline import SessionSummary, StepTiming

# Spreadsheets run a CSV cell starting with one of these as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss.000"
Column = tuple[str, Callable[[Any], Any]]


SESSION_COLUMNS: list[Column] = [
    ("Session", lambda r: r.id),
    ("Job", lambda r: r.job_id),
    ("Stack id", lambda r: r.stack_id),
    ("Unit serial", lambda r: r.unit_serial),
    ("Project id", lambda r: r.project_id),
    ("Project", lambda r: r.project_name),
    ("Version", lambda r: r.version_number),
    ("Operator", lambda r: r.operator_name),
    ("Station", lambda r: r.station_id),
    ("Start (UTC)", lambda r: r.started_at),
    ("End (UTC)", lambda r: r.ended_at),
    ("Duration (s)", lambda r: r.duration_s),
    ("Status", lambda r: r.status),
    ("Steps done", lambda r: r.steps_done),
    ("Steps total", lambda r: r.steps_total),
    ("Abort step", lambda r: step_number(r.abort_step, r.steps_total)),
    ("Abort reason", lambda r: abort_reason_text(r.abort_reason)),
    ("Abort code", lambda r: r.abort_code),
    ("Abort note", lambda r: r.abort_note),
    ("Signed off by", lambda r: r.signed_off_by),
    ("Signed off at (UTC)", lambda r: r.signed_off_at),
]

TIMELINE_COLUMNS: list[Column] = [
    ("Step", lambda t: t.index + 1),
    ("Component", lambda t: t.component_name),
    ("Component id", lambda t: t.component_id),
    ("Label", lambda t: t.label),
    ("Start (UTC)", lambda t: t.started_at),
    ("End (UTC)", lambda t: t.ended_at),
    ("Duration (s)", lambda t: t.duration_s),
    ("Target (s)", lambda t: t.target_s),
    ("Delta to target (s)", lambda t: t.delta_s),
    ("Confirmations", lambda t: t.confirmations),
]

# The detail is the JSON exactly as recorded (and hash-chained, for audit entries), so its
# step numbers keep the 0-based count they were stored with; the header says so.
TRAIL_DETAIL = "Detail (JSON as recorded; step numbers in it count from 0)"


def trail_columns(steps_total: int) -> list[Column]:
    """Return the audit trail's columns; the Step column counts from 1, like the timeline."""
    return [
        ("At (UTC)", lambda e: e.at),
        ("Source", lambda e: e.source),
        ("What", lambda e: e.what),
        ("Step", lambda e: e.step_number(steps_total)),
        ("Component", lambda e: e.component),
        ("Actor", lambda e: e.actor),
        ("Device or address", lambda e: e.origin),
        (TRAIL_DETAIL, lambda e: e.detail),
    ]


def neutralise(text: str) -> str:
    """Return CSV text a spreadsheet will show as text, never run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_value(value: Any) -> Any:
    """Return a value as a CSV cell: ISO 8601 UTC datetimes, neutralised text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="milliseconds")
    if isinstance(value, str):
        return neutralise(value)
    return value


def xlsx_value(sheet: Any, value: Any) -> Any:
    """Return a value as an XLSX cell: naive-UTC datetime cells, clean text as string cells.

    A string cell is never evaluated by a spreadsheet, so text like "=1+2" is kept exactly,
    without the apostrophe the CSV needs.
    """
    if isinstance(value, datetime):
        # Cut to the millisecond as the CSV does, so both show the same time (Excel would round).
        moment = value.astimezone(UTC).replace(
            tzinfo=None, microsecond=value.microsecond // 1000 * 1000
        )
        cell = WriteOnlyCell(sheet, value=moment)
        cell.number_format = XLSX_DATETIME_FORMAT
        return cell
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # openpyxl makes text starting with "=" a formula cell otherwise
        return cell
    return value


def table(columns: list[Column], items: Iterable[Any]) -> Iterator[list[Any]]:
    """Yield the header row, then one row per item."""
    yield [header for header, _ in columns]
    for item in items:
        yield [getter(item) for _, getter in columns]


def stream_csv(rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """Yield CSV text row by row (a UTF-8 BOM first, so spreadsheets pick the encoding)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for row in rows:
        writer.writerow([csv_value(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def write_xlsx(sheets: Iterable[tuple[str, Iterable[Sequence[Any]]]]) -> IO[bytes]:
    """Write (title, rows) sheets to a temporary XLSX file and return it, rewound."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append([xlsx_value(sheet, value) for value in row])
    file = tempfile.TemporaryFile()  # noqa: SIM115 - the response sends and closes it
    workbook.save(file)
    file.seek(0)
    return file


def summary_rows(row: SessionRow, summary: SessionSummary) -> list[list[Any]]:
    """Return one session's summary as (field, value) rows."""
    code = summary.abort_code
    return [
        ["Field", "Value"],
        ["Session", row.id],
        ["Job", row.job_id],
        ["Stack id", row.stack_id],
        ["Unit serial", row.unit_serial],
        ["Project", f"{row.project_name} ({row.project_id}) v{row.version_number}"],
        ["Operator", row.operator_name],
        ["Station", row.station_id],
        ["Status", row.status],
        ["Start (UTC)", row.started_at],
        ["End (UTC)", row.ended_at],
        ["Duration (s)", summary.duration_s],
        ["Steps done", summary.steps_done],
        ["Steps total", summary.steps_total],
        ["Abort step", step_number(summary.abort_step, summary.steps_total)],
        ["Abort component", summary.abort_component],
        ["Abort reason", summary.abort_reason],
        ["Abort code", f"{code} ({ABORT_CODES.get(code, code)})" if code else None],
        ["Abort note", summary.abort_note],
        ["Signed off by", row.signed_off_by],
        ["Signed off at (UTC)", row.signed_off_at],
    ]


def session_sheets(
    row: SessionRow, timings: list[StepTiming], summary: SessionSummary
) -> list[tuple[str, Iterable[Sequence[Any]]]]:
    """Return one session's timeline and summary sheets."""
    return [("Timeline", table(TIMELINE_COLUMNS, timings)), ("Summary", summary_rows(row, summary))]


def session_csv_rows(
    row: SessionRow, timings: list[StepTiming], summary: SessionSummary
) -> Iterator[Sequence[Any]]:
    """Yield one session's timeline table, a blank row, then its summary table."""
    yield from table(TIMELINE_COLUMNS, timings)
    yield []
    yield from summary_rows(row, summary)


def sessions_table(rows: Iterable[SessionRow]) -> Iterator[list[Any]]:
    """Yield the session list as a header row and one row per session."""
    return table(SESSION_COLUMNS, rows)


def trail_table(entries: Iterable[TrailEntry], steps_total: int) -> Iterator[list[Any]]:
    """Yield a session's audit trail as a header row and one row per entry."""
    return table(trail_columns(steps_total), entries)
