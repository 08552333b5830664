"""The /assembly/sessions pages: filtered list, one session, abort code and sign-off forms."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user

from assembly.const import RunStatus
from assembly.records import queries, services, timeline
from assembly.records.chart import step_chart_options
from assembly.records.const import ABORT_CODES
from assembly.records.forms import AbortCodeForm, SignOffForm
from assembly.records.schemas import FILTER_KEYS, ListQuery
from assembly.signals import session_changed
from core.api import ApiError, parse_query
from core.audit import request_actor
from core.auth import role_required
from core.auth.routes import failed_attempt, login_rate_limit
from core.extensions import db, limiter
from core.roles import MANAGERS, READERS

bp = Blueprint("assembly_records", __name__, url_prefix="/assembly/sessions")


def list_query() -> tuple[ListQuery | None, dict[str, str]]:
    """Parse the list's filters from the query string; None and the field errors if invalid."""
    try:
        return parse_query(ListQuery), {}
    except ApiError as error:
        return None, error.fields


def filter_args() -> dict[str, str]:
    """Return the non-blank filters of the request, to carry into links."""
    return {key: request.args[key] for key in FILTER_KEYS if request.args.get(key, "").strip()}


@bp.get("")
@role_required(*READERS)
def index() -> ResponseReturnValue:
    """List sessions, newest first, with filters and pages."""
    query, errors = list_query()
    page = None
    if query is not None:
        page = queries.search_sessions(db.session, query.filters(), page=query.page)
    context = {
        "page": page,
        "errors": errors,
        "filters": {key: request.args.get(key, "") for key in FILTER_KEYS},
        "query_args": filter_args(),
        "statuses": list(RunStatus),
        "choices": queries.filter_choices(db.session),
        "abort_codes": ABORT_CODES,
    }
    return render_template("assembly/records/list.html", **context), 400 if errors else 200


def _detail_context(session_id: int) -> dict[str, Any]:
    row = queries.get_session_row(db.session, session_id)
    if row is None:
        abort(404)
    events = timeline.session_events(db.session, session_id)
    timings = timeline.timeline(db.session, row, events)
    return {
        "row": row,
        "timings": timings,
        "summary": timeline.summary(row, timings),
        "trail": services.audit_trail(db.session, session_id),
        "chart": step_chart_options(timings),
        "abort_codes": ABORT_CODES,
        "can_act": current_user.role in MANAGERS,
        "error": None,
    }


def render_detail(
    session_id: int,
    *,
    code_form: AbortCodeForm | None = None,
    sign_form: SignOffForm | None = None,
    error: str | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    """Render one session's page, with the forms as submitted and an error if any."""
    context = _detail_context(session_id)
    row = context["row"]
    context["code_form"] = code_form or AbortCodeForm(
        code=row.abort_code or "", note=row.abort_note or ""
    )
    context["sign_form"] = sign_form or SignOffForm()
    context["error"] = error
    return render_template("assembly/records/detail.html", **context), status


@bp.get("/<int:session_id>")
@role_required(*READERS)
def detail(session_id: int) -> ResponseReturnValue:
    """Show one session: header, step timeline and chart, events and audit trail."""
    return render_detail(session_id)


def _refused(
    session_id: int, error: services.RecordError, form_name: str, form: Any
) -> ResponseReturnValue:
    # Drops only what the refused change left pending; an audit entry of the refusal (a wrong
    # sign-off password) was already committed by the service.
    db.session.rollback()
    if error.status == 404:
        abort(404)
    if error.field is not None and error.field in form:
        form[error.field].errors = [error.message]
        return render_detail(session_id, **{form_name: form}, status=error.status)
    return render_detail(session_id, **{form_name: form}, error=error.message, status=error.status)


def _changed(session_id: int, message: str) -> ResponseReturnValue:
    session_changed.send(current_app._get_current_object(), session_id=session_id)
    flash(message, "success")
    return redirect(url_for(".detail", session_id=session_id))


@bp.post("/<int:session_id>/abort-code")
@role_required(*MANAGERS)
def abort_code(session_id: int) -> ResponseReturnValue:
    """Set the abort reason code and the supervisor's note of an aborted session."""
    form = AbortCodeForm()
    if not form.validate_on_submit():
        return render_detail(session_id, code_form=form, status=422)
    try:
        services.set_abort_code(
            db.session,
            session_id,
            form.code.data or "",
            form.note.data or "",
            actor=request_actor(),
        )
    except services.RecordError as error:
        return _refused(session_id, error, "code_form", form)
    return _changed(session_id, "Abort reason saved.")


@bp.post("/<int:session_id>/sign-off")
@role_required(*MANAGERS)
@limiter.limit(login_rate_limit, deduct_when=failed_attempt)
def sign_off(session_id: int) -> ResponseReturnValue:
    """Sign an ended session off after the supervisor re-enters their password."""
    form = SignOffForm()
    if not form.validate_on_submit():
        return render_detail(session_id, sign_form=form, status=422)
    try:
        services.sign_off(
            db.session, session_id, current_user.id, form.password.data, actor=request_actor()
        )
    except services.RecordError as error:
        return _refused(session_id, error, "sign_form", form)
    return _changed(session_id, "Session signed off.")
