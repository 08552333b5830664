"""The minimum dwell per step in real Chromium: a bounce changes nothing and says nothing."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from assembly.models import AssemblySession
from core.extensions import db
from tests.e2e.kiosk import HOLD_S, badge_in, shows_step
from tests.fixtures.assembly import MakeProject
from tests.fixtures.auth import UserFactory

pytestmark = pytest.mark.browser

DWELL_S = 1.5  # long enough that a second press surely lands inside it


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory(ASSEMBLY_ABORT_HOLD_S=HOLD_S, ASSEMBLY_MIN_STEP_S=DWELL_S)


def press(page: Page) -> None:
    page.keyboard.down("Space")
    page.keyboard.up("Space")


def test_a_pedal_bounce_is_ignored_without_an_error_banner(
    page: Page, user_factory: UserFactory, make_project: MakeProject, make_job
) -> None:
    make_job(make_project().version_id)
    badge_in(page, user_factory)
    press(page)  # take the job
    shows_step(page, "Anode", 1)
    press(page)  # a bounce: the server refuses it (too soon), the operator sees nothing
    page.wait_for_timeout(500)
    # Checked once, not awaited: a banner would hide by itself after a few seconds.
    assert page.locator("[data-message]").is_hidden()
    shows_step(page, "Anode", 1)
    time.sleep(DWELL_S)
    press(page)
    shows_step(page, "Cathode", 2)


def test_a_burst_of_presses_at_the_review_finishes_and_stops_at_the_summary(
    app: Flask, page: Page, user_factory: UserFactory, make_project: MakeProject, make_job
) -> None:
    """Finish, then three more presses 200 ms apart: the summary stays, no next job starts."""
    make_job(make_project(("anode",)).version_id, quantity=2)
    badge_in(page, user_factory)
    press(page)  # take the job
    expect(page.locator('[data-view="step"] [data-component]')).to_have_text("Anode")
    time.sleep(DWELL_S)
    press(page)
    expect(page.locator("[data-assembly-kiosk]")).to_have_attribute("data-status", "review")
    time.sleep(DWELL_S)
    for _ in range(4):
        press(page)
        page.wait_for_timeout(200)
    expect(page.locator("[data-assembly-kiosk]")).to_have_attribute("data-current-view", "summary")
    with app.app_context():
        assert db.session.query(AssemblySession).count() == 1
    time.sleep(DWELL_S)
    press(page)  # now on purpose: back to the queue
    expect(page.locator("[data-assembly-kiosk]")).to_have_attribute("data-current-view", "queue")


def test_a_confirming_press_too_soon_says_to_wait_and_the_next_one_confirms(
    page: Page, user_factory: UserFactory, make_project: MakeProject, make_job
) -> None:
    make_job(make_project(critical=("anode",)).version_id)
    badge_in(page, user_factory)
    press(page)  # take the job
    shows_step(page, "Anode", 1)
    time.sleep(DWELL_S)
    press(page)  # the critical step asks for a second press
    expect(page.locator("[data-confirm]")).to_be_visible()
    page.wait_for_timeout(300)
    press(page)  # too soon to count: the operator is told, not left guessing
    expect(page.locator("[data-message]")).to_have_text(
        "Too quick: wait a moment, then press again to confirm."
    )
    time.sleep(DWELL_S)
    press(page)
    shows_step(page, "Cathode", 2)


def test_a_press_with_the_server_unreachable_says_it_was_not_recorded(
    page: Page, user_factory: UserFactory, make_project: MakeProject, make_job
) -> None:
    make_job(make_project().version_id)
    badge_in(page, user_factory)
    press(page)
    shows_step(page, "Anode", 1)
    time.sleep(DWELL_S)
    page.context.set_offline(True)
    press(page)
    expect(page.locator("[data-message]")).to_have_text(
        "No connection to the server."
        " This press was not recorded: wait for Online, then press again."
    )
    # The live link is started over: the indicator leaves "Online" until the server is back.
    expect(page.locator("[data-conn]")).not_to_have_attribute("data-state", "online")
    page.context.set_offline(False)
    expect(page.locator("[data-conn]")).to_have_attribute("data-state", "online")
    shows_step(page, "Anode", 1)
