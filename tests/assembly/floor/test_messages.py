"""Refusals read to operators count steps from 1; their fields and the session JSON keep indices."""

from __future__ import annotations

import pytest
from flask import Flask

from assembly.floor import FloorError, progress, start
from core.extensions import db
from tests.assembly.floor.helpers import at


@pytest.fixture
def app(any_db_app: Flask) -> Flask:
    return any_db_app


@pytest.fixture
def two_steps(ctx: str, user_factory, make_project, make_job):
    """Start a two-step session; return (session id, operator, station)."""
    operator = user_factory("operator")
    job_id = make_job(make_project(("anode", "cathode")).version_id)
    return start(db.session, job_id, operator, ctx, now=at(0)).session.id, operator, ctx


def refusal(sid: int, operator, station: str, action: str, step: int, when: float) -> FloorError:
    with pytest.raises(FloorError) as refused:
        progress(db.session, sid, action, step, operator, station, at(when))
    return refused.value


def test_a_stale_press_names_the_steps_as_operators_count_them(two_steps) -> None:
    sid, operator, station = two_steps
    progress(db.session, sid, "next", 0, operator, station, at(2))
    stale = refusal(sid, operator, station, "next", 0, 4)
    assert stale.message == "stale press: the session is at step 2, not step 1"
    assert stale.fields == {"step": stale.message}
    progress(db.session, sid, "next", 1, operator, station, at(4))
    late = refusal(sid, operator, station, "finish", 1, 6)
    assert late.message == "stale press: the session is at the review, not step 2"


def test_review_from_an_earlier_step_names_the_last_step_from_1(two_steps) -> None:
    sid, operator, station = two_steps
    early = refusal(sid, operator, station, "review", 0, 2)
    assert (early.status, early.message) == (
        409,
        "the review opens only from the last step, step 2",
    )
    assert set(early.fields) == {"action"}
    state = progress(db.session, sid, "next", 0, operator, station, at(2)).state
    assert state["current_step"] == 1  # the JSON keeps counting from 0
