"""Export routes of /assembly/sessions: the filtered list and one session as XLSX or CSV."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from flask import Response, abort, send_file, stream_with_context
from flask.typing import ResponseReturnValue

from assembly.records import exports, queries, services, timeline
from assembly.records.routes import bp, index, list_query
from core.auth import role_required
from core.db import utcnow
from core.extensions import db
from core.roles import READERS

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_response(rows: Iterable[Sequence[Any]], filename: str) -> Response:
    """Stream rows as a CSV attachment."""
    body: Iterator[str] = stream_with_context(exports.stream_csv(rows))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def xlsx_response(file: IO[bytes], filename: str) -> Response:
    """Send a written XLSX file as an attachment."""
    return send_file(file, mimetype=XLSX_MIME, as_attachment=True, download_name=filename)


def _stamp() -> str:
    return utcnow().strftime("%Y%m%dT%H%M%SZ")


def _list_rows() -> Iterator[queries.SessionRow] | ResponseReturnValue:
    query, _ = list_query()
    if query is None:
        return index()  # the list page, naming each bad filter
    return queries.iter_session_rows(db.session, query.filters())


@bp.get("/export.csv")
@role_required(*READERS)
def export_list_csv() -> ResponseReturnValue:
    """Download the filtered session list as CSV, one row per session."""
    rows = _list_rows()
    if isinstance(rows, tuple):
        return rows
    return csv_response(exports.sessions_table(rows), f"assembly-sessions-{_stamp()}.csv")


@bp.get("/export.xlsx")
@role_required(*READERS)
def export_list_xlsx() -> ResponseReturnValue:
    """Download the filtered session list as XLSX, one row per session."""
    rows = _list_rows()
    if isinstance(rows, tuple):
        return rows
    file = exports.write_xlsx([("Sessions", exports.sessions_table(rows))])
    return xlsx_response(file, f"assembly-sessions-{_stamp()}.xlsx")


def _one(session_id: int) -> tuple[queries.SessionRow, list[timeline.StepTiming]]:
    row = queries.get_session_row(db.session, session_id)
    if row is None:
        abort(404)
    return row, timeline.timeline(db.session, row)


@bp.get("/<int:session_id>/export.csv")
@role_required(*READERS)
def export_session_csv(session_id: int) -> ResponseReturnValue:
    """Download one session's timeline and summary as CSV."""
    row, timings = _one(session_id)
    rows = exports.session_csv_rows(row, timings, timeline.summary(row, timings))
    return csv_response(rows, f"assembly-session-{row.id}.csv")


@bp.get("/<int:session_id>/export.xlsx")
@role_required(*READERS)
def export_session_xlsx(session_id: int) -> ResponseReturnValue:
    """Download one session as XLSX: a timeline sheet and a summary sheet."""
    row, timings = _one(session_id)
    sheets = exports.session_sheets(row, timings, timeline.summary(row, timings))
    return xlsx_response(exports.write_xlsx(sheets), f"assembly-session-{row.id}.xlsx")


@bp.get("/<int:session_id>/audit.csv")
@role_required(*READERS)
def export_audit_csv(session_id: int) -> ResponseReturnValue:
    """Download one session's audit trail (audit entries and step events) as CSV."""
    row = queries.get_session_row(db.session, session_id)
    if row is None:
        abort(404)
    trail = services.audit_trail(db.session, session_id)
    return csv_response(
        exports.trail_table(trail, row.steps_total), f"assembly-session-{row.id}-audit.csv"
    )
