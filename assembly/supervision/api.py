"""JSON of the supervision part: GET /api/v1/assembly/analytics and /today."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from assembly.supervision import live
from assembly.supervision.analytics import compute
from assembly.supervision.analytics.report import as_json
from assembly.supervision.schemas import AnalyticsQuery
from core.api import api_doc, parse_query
from core.auth import role_required
from core.db import utcnow
from core.extensions import db
from core.roles import READERS

bp = Blueprint("assembly_supervision_api", __name__, url_prefix="/api/v1/assembly")


@bp.get("/analytics")
@role_required(*READERS)
@api_doc(
    "Step durations against target, bottlenecks, abort rate, first-pass yield, sessions per day",
    query=AnalyticsQuery,
    errors=(401, 403, 422),
)
def analytics() -> ResponseReturnValue:
    """Return the analytics of the sessions started in a UTC date range (default: 30 days)."""
    query = parse_query(AnalyticsQuery).check(db.session, utcnow().date())
    return jsonify(as_json(compute(db.session, query.filters(utcnow().date()))))


@bp.get("/today")
@role_required(*READERS)
@api_doc(
    "Sessions finished and aborted on this UTC day, with the mean cycle time", errors=(401, 403)
)
def today() -> ResponseReturnValue:
    """Return today's counts, as the dashboard shows them."""
    return jsonify(live.today_counts(db.session, utcnow()).as_json())
