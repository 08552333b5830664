"""Read side of the alert centre: one alert, the open count, filtered lists."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session, selectinload

from core.alerts.const import OPEN_FILTER, AlertState, Severity
from core.alerts.models import Alert

SEVERITY_ORDER = case(
    {severity.value: severity.rank for severity in Severity}, value=Alert.severity
)


@dataclass(frozen=True)
class AlertPage:
    """One page of a filtered list and the number of alerts matching the filters."""

    items: list[Alert]
    total: int
    limit: int
    offset: int


def get_alert(session: Session, alert_id: int, *, with_comments: bool = False) -> Alert | None:
    """Return one alert (optionally with its comments loaded), or None."""
    options = [selectinload(Alert.comments)] if with_comments else []
    return session.get(Alert, alert_id, options=options)


def find_open(session: Session, source: str, subject: str, rule: str) -> Alert | None:
    """Return the open alert for this (source, subject, rule), or None."""
    query = select(Alert).where(
        Alert.source == source,
        Alert.subject == subject,
        Alert.rule == rule,
        Alert.state != AlertState.CLEARED,
    )
    return session.scalar(query)


def open_count(session: Session) -> int:
    """Return how many alerts are not cleared yet."""
    query = select(func.count()).select_from(Alert).where(Alert.state != AlertState.CLEARED)
    return session.scalar(query) or 0


def _filtered(
    query: Select,
    module: str | None,
    severity: Severity | str | None,
    state: AlertState | str | None,
    text: str | None,
) -> Select:
    if module:
        query = query.where(Alert.source == module)
    if severity:
        query = query.where(Alert.severity == Severity(severity))
    if state == OPEN_FILTER:
        query = query.where(Alert.state != AlertState.CLEARED)
    elif state:
        query = query.where(Alert.state == AlertState(state))
    if text and text.strip():
        needle = text.strip().lower()
        columns = (Alert.title, Alert.message, Alert.subject, Alert.rule)
        query = query.where(
            or_(*(func.lower(column).contains(needle, autoescape=True) for column in columns))
        )
    return query


def search(
    session: Session,
    *,
    module: str | None = None,
    severity: Severity | str | None = None,
    state: AlertState | str | None = None,
    text: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> AlertPage:
    """Return open alerts first, most severe and most recent first, filtered and paged."""
    total = session.scalar(
        _filtered(select(func.count()).select_from(Alert), module, severity, state, text)
    )
    query = _filtered(select(Alert), module, severity, state, text).order_by(
        (Alert.state == AlertState.CLEARED).asc(),
        SEVERITY_ORDER,
        Alert.last_raised_at.desc(),
        Alert.id.desc(),
    )
    items = list(session.scalars(query.limit(limit).offset(offset)))
    return AlertPage(items=items, total=total or 0, limit=limit, offset=offset)


def sources(session: Session) -> list[str]:
    """Return the modules that have raised alerts, for the module filter."""
    return list(session.scalars(select(Alert.source).distinct().order_by(Alert.source)))
