"""The analytics as plain JSON-ready data, for the API and the page's charts."""

from __future__ import annotations

from typing import Any

from assembly.supervision.analytics.figures import Analytics, ProjectFigures, StepFigures, Yield


def _yield(totals: Yield) -> dict[str, Any]:
    return {
        "sessions": totals.sessions,
        "finished": totals.finished,
        "aborted": totals.aborted,
        "open": totals.open,
        "abort_rate": totals.abort_rate,
        "units": totals.units,
        "first_pass": totals.first_pass,
        "first_pass_yield": totals.first_pass_yield,
    }


def _step(step: StepFigures) -> dict[str, Any]:
    spread = step.durations
    return {
        "index": step.index,
        "component_id": step.component_id,
        "component_name": step.component_name,
        "label": step.label,
        "target_s": step.target_s,
        "count": spread.count,
        "min_s": spread.minimum,
        "q1_s": spread.q1,
        "median_s": spread.median,
        "q3_s": spread.q3,
        "max_s": spread.maximum,
        "mean_s": spread.mean,
        "over_target": step.over_target,
        "median_over_target_s": step.over_median_s,
    }


def _project(figures: ProjectFigures) -> dict[str, Any]:
    worst = figures.bottleneck
    return {
        "id": figures.project_id,
        "name": figures.project_name,
        "version": figures.version,
        **_yield(figures.totals),
        "steps": [_step(step) for step in figures.steps],
        "bottleneck": None
        if worst is None
        else {
            "index": worst.index,
            "component_name": worst.component_name,
            "rule": figures.bottleneck_rule,
        },
        "aborts_at": [
            {
                "index": place.index,
                "label": place.label,
                "review": place.review,
                "count": place.count,
            }
            for place in figures.aborts_at
        ],
    }


def as_json(analytics: Analytics) -> dict[str, Any]:
    """Return the analytics as JSON-ready data (dates ISO, durations in seconds)."""
    filters = analytics.filters
    flow = analytics.throughput
    return {
        "filters": {
            "project": filters.project,
            "date_from": filters.date_from.isoformat() if filters.date_from else None,
            "date_to": filters.date_to.isoformat() if filters.date_to else None,
        },
        "totals": _yield(analytics.totals),
        "projects": [_project(figures) for figures in analytics.projects],
        "per_day": {
            "days": [day.isoformat() for day in flow.days],
            "by_station": flow.by_station,
            "by_operator": flow.by_operator,
        },
    }
