"""Supervision pages and the analytics API: who may see them, what they show, HTML escaped."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.db import utcnow
from tests.fixtures.assembly_sessions import T0

XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
PAGES = ("/assembly/dashboard", "/assembly/queue", "/assembly/analytics")
RANGE = "date_from=2026-11-19&date_to=2026-11-21"


@pytest.fixture
def floor(make_project, make_job, make_session, user_factory):
    """A station running step 2 of 3 of an XSS-named operator's job, and one pending job."""
    operator = user_factory("operator", display_name=f"Op {XSS}")
    version = make_project().version_id
    running = make_job(version, stack_id=f"S-{XSS}")
    make_job(version, stack_id="NEXT-1")
    run = make_session(running, operator.id, (5, 5), status="running")
    make_session(running, operator.id, (10, 20, 30), started_at=T0)
    return run


def test_dashboard_shows_each_station_live(client, login, floor):
    login("supervisor")
    page = client.get("/assembly/dashboard").get_data(as_text=True)
    assert f'data-session-id="{floor}"' in page
    assert "Step 2 of 3 · Cathode" in page
    assert f"Op {ESCAPED}" in page
    assert XSS not in page
    assert "data-force-abort" in page
    assert 'data-field="pending">2<' in page  # the fixture leaves the running job pending


def test_viewer_sees_dashboard_and_analytics_without_actions(client, login, floor):
    login("viewer")
    dashboard = client.get("/assembly/dashboard")
    assert dashboard.status_code == 200
    assert "data-force-abort" not in dashboard.get_data(as_text=True)
    assert "data-abort-dialog" not in dashboard.get_data(as_text=True)
    assert client.get("/assembly/analytics").status_code == 200
    assert client.get("/assembly/queue").status_code == 403


@pytest.mark.parametrize("url", [*PAGES, "/api/v1/assembly/analytics"])
def test_operator_is_refused(client, login, url):
    login("operator")
    assert client.get(url).status_code == 403


def test_queue_page_lists_open_jobs_with_controls(client, login, floor):
    login("supervisor")
    page = client.get("/assembly/queue").get_data(as_text=True)
    assert f"S-{ESCAPED}" in page
    assert XSS not in page
    assert "NEXT-1" in page
    assert page.count('data-state="pending"') >= 2
    assert "Stack A v1 (3 steps)" in page
    assert 'data-move="up"' in page
    assert "data-cancel" in page


def test_analytics_page_shows_figures_escaped(
    client, login, make_project, make_job, make_session, user_factory
):
    operator = user_factory("operator", display_name=f"Op {XSS}")
    job = make_job(make_project(project_id="stack-a").version_id, stack_id="J")
    make_session(job, operator.id, (10, 20, 30), started_at=T0)
    make_session(job, operator.id, (10, 40), status="aborted", abort_step=1, started_at=T0)
    login("viewer")
    page = client.get(f"/assembly/analytics?{RANGE}").get_data(as_text=True)
    assert 'data-project="stack-a"' in page
    assert 'data-total="abort-rate">50.0 %' in page
    assert "1. Anode" in page
    assert "data-boxplot" in page
    assert XSS not in page  # the operator's name is in the chart data, escaped by tojson
    assert "vendor/echarts/echarts.min.js" in page


def test_analytics_page_rejects_bad_filters_with_their_names(client, login):
    login("supervisor")
    response = client.get("/assembly/analytics?date_from=2026-11-21&date_to=2026-11-01")
    assert response.status_code == 400
    assert "data-filter-errors" in response.get_data(as_text=True)
    assert "the last day is before the first day" in response.get_data(as_text=True).lower()


def test_analytics_refuses_a_project_that_does_not_exist(client, login):
    login("supervisor")
    page = client.get("/assembly/analytics?project=nope")
    assert page.status_code == 400
    assert "No project nope." in page.get_data(as_text=True)
    api = client.get("/api/v1/assembly/analytics?project=nope")
    assert (api.status_code, api.get_json()["fields"]) == (422, {"project": "No project nope."})


def test_analytics_api_returns_the_figures(
    client, login, make_project, make_job, make_session, user_factory
):
    operator = user_factory("operator", display_name="Olga")
    job = make_job(make_project(target_seconds=15).version_id, stack_id="J")
    make_session(job, operator.id, (10, 20, 30), started_at=T0)
    make_session(job, operator.id, (10, 40), status="aborted", abort_step=1, started_at=T0)
    login("viewer")
    body = client.get(f"/api/v1/assembly/analytics?{RANGE}&project=stack-a").get_json()
    assert body["filters"] == {
        "project": "stack-a",
        "date_from": "2026-11-19",
        "date_to": "2026-11-21",
    }
    assert body["totals"]["abort_rate"] == 0.5
    assert body["totals"]["first_pass_yield"] == 0.5  # one unit: its first run finished
    (project,) = body["projects"]
    assert [s["median_s"] for s in project["steps"]] == [10, 20, 30]
    assert project["bottleneck"] == {
        "index": 2,
        "component_name": "Electrolyte",
        "rule": "largest median over target",
    }
    assert project["aborts_at"] == [{"index": 1, "label": "Cathode", "review": False, "count": 1}]
    assert body["per_day"]["days"] == ["2026-11-19", "2026-11-20", "2026-11-21"]
    assert body["per_day"]["by_operator"] == {"Olga": [0, 2, 0]}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("date_from=2026-11-21&date_to=2026-11-01", "date_to"),
        ("date_from=yesterday", "date_from"),
        ("date_from=2025-01-01", "date_from"),  # no last day: up to today, over 366 days
        ("project=" + "x" * 65, "project"),
        ("colour=red", "colour"),
    ],
)
def test_analytics_api_names_bad_parameters(client, login, query, field):
    login("viewer")
    response = client.get(f"/api/v1/assembly/analytics?{query}")
    assert response.status_code == 422
    assert field in response.get_json()["fields"]


def test_analytics_with_only_a_first_day_runs_to_today(client, login):
    login("viewer")
    first = utcnow().date() - timedelta(days=365)
    body = client.get(f"/api/v1/assembly/analytics?date_from={first}").get_json()
    assert body["filters"] == {**body["filters"], "date_to": utcnow().date().isoformat()}
    assert len(body["per_day"]["days"]) == 366


def test_analytics_api_defaults_to_the_last_30_days(client, login):
    login("viewer")
    body = client.get("/api/v1/assembly/analytics").get_json()
    today = utcnow().date().isoformat()
    assert body["filters"]["date_to"] == today
    assert len(body["per_day"]["days"]) == 30
    assert body["per_day"]["days"][-1] == today
    assert body["per_day"]["by_station"] == {}
    assert (body["totals"]["sessions"], body["totals"]["abort_rate"]) == (0, None)
