"""The job queue: priority order, reorder, cancel, serials, and refusals that change nothing."""

from __future__ import annotations

import pytest
from flask import Flask

from assembly.const import JobState
from assembly.floor import FloorError, add_job, cancel, list_queue, next_job, reorder, start
from core.audit import system_actor
from core.extensions import db
from tests.assembly.floor.helpers import snapshot
from tests.fixtures.assembly import MakeProject

ACTOR = system_actor("tests")


@pytest.fixture
def app(any_db_app: Flask) -> Flask:
    return any_db_app


def _add(version: int, station: str, stack: str, priority: int = 0, **options) -> int:
    return add_job(
        db.session, version, station, stack, priority=priority, actor=ACTOR, **options
    ).id


def _stacks(station: str) -> list[str]:
    return [job.stack_id for job in list_queue(db.session, station)]


def test_higher_priority_goes_first_and_equal_priority_keeps_arrival_order(
    ctx: str, make_project: MakeProject
) -> None:
    version = make_project().version_id
    _add(version, ctx, "A")
    _add(version, ctx, "B")
    _add(version, ctx, "URGENT", priority=5)
    _add(version, ctx, "C")
    assert _stacks(ctx) == ["URGENT", "A", "B", "C"]
    assert next_job(db.session, ctx).stack_id == "URGENT"


def test_reorder_sets_the_order_and_refuses_a_partial_list(
    ctx: str, make_project: MakeProject
) -> None:
    version = make_project().version_id
    a, b, c = (_add(version, ctx, name) for name in "ABC")
    reorder(db.session, ctx, [c, a, b], actor=ACTOR)
    assert _stacks(ctx) == ["C", "A", "B"]
    before = snapshot()
    for ids in ([c, a], [c, a, b, b], [c, a, 999]):
        with pytest.raises(FloorError) as refused:
            reorder(db.session, ctx, ids, actor=ACTOR)
        assert refused.value.status == 409
    assert snapshot() == before


@pytest.mark.parametrize("station", ["../x", "no-such-box"])
def test_reorder_at_an_unknown_station_is_refused_and_not_audited(ctx: str, station: str) -> None:
    before = snapshot()
    with pytest.raises(FloorError) as refused:
        reorder(db.session, station, [], actor=ACTOR)
    assert refused.value.status == 404
    assert snapshot() == before  # the audit log's length included


def test_cancel_only_pending_jobs(ctx: str, make_project: MakeProject, user_factory) -> None:
    version = make_project().version_id
    first, second = _add(version, ctx, "A"), _add(version, ctx, "B")
    start(db.session, first, user_factory("operator"), ctx)
    assert cancel(db.session, second, actor=ACTOR).state == JobState.CANCELLED
    before = snapshot()
    for job_id, status in ((first, 409), (second, 409), (999, 404)):
        with pytest.raises(FloorError) as refused:
            cancel(db.session, job_id, actor=ACTOR)
        assert refused.value.status == status
    assert snapshot() == before
    assert [job.id for job in list_queue(db.session, ctx)] == [first]


def test_serials_set_the_quantity_and_name_each_unit(
    ctx: str, make_project: MakeProject, user_factory
) -> None:
    job_id = _add(make_project(("anode",)).version_id, ctx, "LOT-7", serials=["U1", "U2"])
    assert next_job(db.session, ctx).quantity == 2
    run = start(db.session, job_id, user_factory("operator"), ctx).session
    assert run.unit_serial == "U1"


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"version_id": 999}, "version_id"),
        ({"station_id": "nowhere"}, "station_id"),
        ({"stack_id": "  "}, "stack_id"),
        ({"quantity": 0}, "quantity"),
        ({"serials": ["U1", "U1"]}, "serials"),
        ({"serials": ["U1"], "quantity": 3}, "quantity"),
        ({"priority": 1000}, "priority"),
    ],
)
def test_bad_jobs_are_refused_naming_the_field(
    ctx: str, make_project: MakeProject, options: dict, field: str
) -> None:
    values = {"version_id": make_project().version_id, "station_id": ctx, "stack_id": "S"}
    values.update(options)
    before = snapshot()
    with pytest.raises(FloorError) as refused:
        add_job(
            db.session,
            values.pop("version_id"),
            values.pop("station_id"),
            values.pop("stack_id"),
            actor=ACTOR,
            **values,
        )
    assert refused.value.status == 422
    assert field in refused.value.fields
    assert snapshot() == before


def test_a_version_without_steps_cannot_be_queued(ctx: str, make_project: MakeProject) -> None:
    empty = make_project((), project_id="empty").version_id
    before = snapshot()
    with pytest.raises(FloorError) as refused:
        _add(empty, ctx, "S")
    assert refused.value.status == 422
    assert "no steps" in refused.value.fields["version_id"]
    assert snapshot() == before
