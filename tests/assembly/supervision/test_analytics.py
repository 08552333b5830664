"""Analytics from crafted sessions: exact medians, bottleneck, abort rate, FPY, per-day counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import event, select

from assembly.catalogue.services.projects import StepValues, set_steps
from assembly.models import Component, Job
from assembly.records.queries import SessionFilters
from assembly.supervision.analytics import compute
from assembly.supervision.analytics.figures import StepFigures, bottleneck
from assembly.supervision.analytics.stats import spread
from core.audit import system_actor
from core.auth.models import User
from core.extensions import db
from tests.fixtures.assembly_sessions import T0

RANGE = {"date_from": date(2026, 11, 19), "date_to": date(2026, 11, 21)}


@pytest.fixture
def app(any_db_app: Flask) -> Flask:
    return any_db_app


@pytest.fixture
def runs(app, make_project, make_job, make_session, user_factory):
    """Two jobs of stack-a (targets 15 s): 3 finished, 1 aborted at step 2; one stack-b run."""
    olga = user_factory("operator", display_name="Olga")
    piet = user_factory("operator", display_name="Piet")
    version = make_project(target_seconds=15).version_id
    first = make_job(version, stack_id="J-1", quantity=2)
    second = make_job(version, station_id="st-2", stack_id="J-2")
    make_session(first, olga.id, (10, 20, 30), started_at=T0)
    make_session(first, olga.id, (20, 40, 50), started_at=T0 + timedelta(hours=1))
    day2 = T0 + timedelta(days=1)
    make_session(second, piet.id, (10, 25), status="aborted", abort_step=1, started_at=day2)
    make_session(second, piet.id, (10, 20, 30), started_at=day2 + timedelta(hours=1))
    other = make_project(("separator",), project_id="stack-b").version_id
    make_session(make_job(other, stack_id="B-1"), olga.id, (7,), started_at=T0)
    return app


def figures(app: Flask, **filters):
    with app.app_context():
        return compute(db.session, SessionFilters(**{**RANGE, **filters}))


def test_step_spreads_and_bottleneck(runs):
    result = figures(runs, project="stack-a")
    (project,) = result.projects
    medians = {step.component_id: step.durations.median for step in project.steps}
    assert medians == {"anode": 10, "cathode": 20, "electrolyte": 30}
    anode = project.steps[0].durations
    assert (anode.count, anode.minimum, anode.q1, anode.q3, anode.maximum) == (4, 10, 10, 12.5, 20)
    assert project.steps[1].durations.count == 3  # the aborted step is not a duration sample
    assert [step.over_target for step in project.steps] == [1, 3, 3]
    assert project.bottleneck.component_id == "electrolyte"
    assert project.bottleneck_rule == "largest median over target"
    assert project.bottleneck.over_median_s == 15


def test_abort_rate_where_and_first_pass_yield(runs):
    (project,) = figures(runs, project="stack-a").projects
    totals = project.totals
    assert (totals.sessions, totals.finished, totals.aborted, totals.open) == (4, 3, 1, 0)
    assert totals.abort_rate == 0.25
    assert [(a.index, a.label, a.count) for a in project.aborts_at] == [(1, "Cathode", 1)]
    # J-1: both units finished first time; J-2: its unit's first session aborted.
    assert (totals.units, totals.first_pass, totals.first_pass_yield) == (3, 2, 0.6667)


def test_each_version_has_its_own_figures_and_a_review_abort_is_no_step(
    runs, make_job, make_session
) -> None:
    """Step 2 of v2 is another component than step 2 of v1: never mixed in one row."""
    with runs.app_context():
        steps = [StepValues("cathode"), StepValues("anode"), StepValues("electrolyte")]
        v2 = set_steps(db.session, "stack-a", steps, actor=system_actor("tests")).id
        operator = db.session.scalars(select(User.id)).first()
    job = make_job(v2, stack_id="J-3")
    make_session(job, operator, (9, 9, 9), status="aborted", abort_step=3, started_at=T0)
    newest, first = figures(runs, project="stack-a").projects
    assert (newest.version, first.version) == (2, 1)
    assert [step.component_id for step in newest.steps] == ["cathode", "anode", "electrolyte"]
    assert [step.component_id for step in first.steps] == ["anode", "cathode", "electrolyte"]
    assert [(a.index, a.label, a.review) for a in newest.aborts_at] == [(3, "review", True)]
    assert first.totals.sessions == 4


def test_all_projects_and_sessions_per_day(runs, app):
    result = figures(runs)
    assert [p.project_id for p in result.projects] == ["stack-a", "stack-b"]
    assert result.totals.sessions == 5
    flow = result.throughput
    assert flow.days == [date(2026, 11, 19), date(2026, 11, 20), date(2026, 11, 21)]
    station = app.config["DEVICE_ID"]
    assert flow.by_station == {station: [0, 3, 0], "st-2": [0, 0, 2]}
    assert flow.by_operator == {"Olga": [0, 3, 0], "Piet": [0, 0, 2]}


def test_date_range_narrows_sessions(runs):
    result = figures(runs, date_from=date(2026, 11, 21), date_to=date(2026, 11, 21))
    assert result.totals.sessions == 2
    assert result.throughput.by_station == {"st-2": [2]}


def test_no_sessions_gives_empty_figures(app):
    result = figures(app)
    assert result.projects == []
    totals = result.totals
    assert (totals.sessions, totals.abort_rate, totals.first_pass_yield) == (0, None, None)
    assert len(result.throughput.days) == 3
    assert result.throughput.by_station == {}


def test_bottleneck_falls_back_to_the_largest_median():
    def step(index: int, values: list[float], target: int | None) -> StepFigures:
        return StepFigures(index, f"c{index}", f"C{index}", "", target, spread(values), 0)

    long_but_on_time = step(0, [100, 110], 120)
    short_but_late = step(1, [40, 60], 30)
    assert bottleneck([long_but_on_time, short_but_late]) == (
        short_but_late,
        "largest median over target",
    )
    untimed = [step(0, [100, 110], None), step(1, [40, 60], None)]
    assert bottleneck(untimed) == (untimed[0], "largest median")
    assert bottleneck([step(0, [], None)]) == (None, None)


def test_the_number_of_queries_does_not_grow_with_the_sessions(runs, make_session):
    """A page over a year of sessions must not ask the database once per session."""

    def queries() -> int:
        statements: list[str] = []
        with runs.app_context():
            record = lambda *args: statements.append(args[2])  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", record)
            try:
                compute(db.session, SessionFilters(**RANGE))
            finally:
                event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    few = queries()
    with runs.app_context():
        job = db.session.scalars(select(Job.id)).first()
        operator = db.session.scalars(select(User.id)).first()
    for hour in range(2, 32):
        make_session(job, operator, (10, 20, 30), started_at=T0 + timedelta(hours=hour))
    assert queries() == few


def test_a_changed_target_gets_its_own_row_within_a_version(
    app, make_project, make_job, make_session, user_factory
):
    """A target changed between two sessions: each duration counts against the one it ran with."""
    operator = user_factory("operator").id
    job = make_job(make_project(("anode",), target_seconds=15).version_id)
    make_session(job, operator, (20,), started_at=T0)  # over its 15 s target
    with app.app_context():
        db.session.get(Component, "anode").target_seconds = 30
        db.session.commit()
    make_session(job, operator, (20,), started_at=T0 + timedelta(hours=1))  # within its 30 s
    (project,) = figures(app).projects
    # Each recorded target has its row, so no sample is judged against another's target.
    rows = [(step.index, step.target_s, step.over_target) for step in project.steps]
    assert rows == [(0, 15, 1), (0, 30, 0)]
