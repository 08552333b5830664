"""The kiosk's job queue in real Chromium: pick a job by pedal, arrow keys or the GPIO switch."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from gpiozero.pins.mock import MockFactory
from playwright.sync_api import Page, expect

from hardware import close_hardware, open_hardware
from tests.e2e.kiosk import DWELL_S, HOLD_S, badge_in, shows_step, tap
from tests.fixtures.assembly import MakeProject
from tests.fixtures.auth import UserFactory

pytestmark = pytest.mark.browser

FOOT_SWITCH = 27


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory(
        ASSEMBLY_ABORT_HOLD_S=HOLD_S, ASSEMBLY_MIN_STEP_S=DWELL_S, FOOT_SWITCH_HOLD_S=0.5
    )


@pytest.fixture
def two_jobs(page: Page, user_factory: UserFactory, make_project: MakeProject, make_job) -> Page:
    """Queue FIRST and SECOND, badge an operator in and show the queue, FIRST highlighted."""
    version = make_project().version_id
    make_job(version, stack_id="FIRST")
    make_job(version, stack_id="SECOND")
    badge_in(page, user_factory)
    expect(page.locator("[data-job]")).to_have_count(2)
    expect(highlighted(page)).to_contain_text("FIRST")
    return page


def highlighted(page: Page):
    return page.locator('[data-job][aria-current="true"]')


def took(page: Page, stack_id: str) -> None:
    shows_step(page, "Anode", 1)
    expect(page.locator('[data-view="step"] [data-stack]')).to_contain_text(stack_id)


def test_the_arrow_keys_pick_another_pending_job(two_jobs: Page) -> None:
    two_jobs.keyboard.press("ArrowDown")
    tap(two_jobs)
    took(two_jobs, "SECOND")


def test_holding_the_pedal_on_the_queue_moves_down_and_the_release_takes_nothing(
    two_jobs: Page,
) -> None:
    two_jobs.keyboard.down("Space")
    expect(highlighted(two_jobs)).to_contain_text("SECOND", timeout=2000)  # after 1 s held
    two_jobs.keyboard.up("Space")
    time.sleep(0.3)
    expect(two_jobs.locator('[data-view="queue"]')).to_be_visible()
    expect(two_jobs.locator("[data-ring]")).to_be_hidden()  # nothing to abort on the queue
    tap(two_jobs)  # a short press takes the highlighted job
    took(two_jobs, "SECOND")


def press_foot_switch(pins: MockFactory, seconds: float = 0.05) -> None:
    pins.pin(FOOT_SWITCH).drive_low()
    time.sleep(seconds)
    pins.pin(FOOT_SWITCH).drive_high()


def test_the_gpio_foot_switch_works_the_queue_and_the_summary(
    app: Flask, two_jobs: Page, mock_pins: MockFactory
) -> None:
    open_hardware(app, mock_pins)
    try:
        press_foot_switch(mock_pins, 0.7)  # held: move down the list
        expect(highlighted(two_jobs)).to_contain_text("SECOND")
        press_foot_switch(mock_pins)  # short: take it
        took(two_jobs, "SECOND")
        press_foot_switch(mock_pins, 0.7)  # held in a session: abort
        summary = two_jobs.locator('[data-view="summary"]')
        expect(summary).to_contain_text("aborted at step 1 (pedal held)")
        time.sleep(DWELL_S)  # the summary ignores presses that soon after it appears
        press_foot_switch(mock_pins)  # short on the summary: back to the queue
        expect(two_jobs.locator('[data-view="queue"]')).to_be_visible()
        expect(two_jobs.locator("[data-job]")).to_have_count(2)  # the aborted unit is back
    finally:
        close_hardware(app)


def test_the_highlighted_job_scrolls_into_view_on_a_small_screen(
    page: Page, user_factory: UserFactory, make_project: MakeProject, make_job
) -> None:
    version = make_project().version_id
    for number in range(1, 8):
        make_job(version, stack_id=f"JOB-{number}")
    page.set_viewport_size({"width": 800, "height": 480})
    badge_in(page, user_factory)
    expect(page.locator("[data-job]")).to_have_count(7)
    for _ in range(6):
        page.keyboard.press("ArrowDown")
    expect(highlighted(page)).to_contain_text("JOB-7")
    expect(highlighted(page)).to_be_in_viewport(ratio=0.95)
