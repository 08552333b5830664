"""The assembly kiosk in real Chromium: badge in, run a stack by space bar, abort by holding."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.fixtures.assembly import MakeProject
from tests.fixtures.auth import UserFactory

pytestmark = pytest.mark.browser

BADGE = "0007788990"
DWELL_S = 0.2


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory(ASSEMBLY_ABORT_HOLD_S=1.5, ASSEMBLY_MIN_STEP_S=DWELL_S)


@pytest.fixture
def kiosk(page: Page, user_factory: UserFactory, make_project: MakeProject, make_job) -> Page:
    """Queue a 3-step job, badge an operator in at the kiosk and show the queue."""
    make_job(make_project().version_id, stack_id="STACK-42")
    user_factory("operator", display_name="Olga Operator", badge=BADGE)
    page.goto("/assembly/kiosk")
    page.get_by_label("Badge").fill(BADGE)
    page.keyboard.press("Enter")  # what the badge scanner types last
    page.wait_for_url("**/assembly/kiosk")
    expect(page.locator("[data-conn]")).to_have_attribute("data-state", "online")
    expect(page.locator("[data-job]")).to_have_count(1)
    expect(page.locator("[data-queue]")).to_contain_text("STACK-42")
    return page


def tap(page: Page) -> None:
    """A short pedal press, after the minimum dwell."""
    time.sleep(DWELL_S + 0.05)
    page.keyboard.down("Space")
    page.keyboard.up("Space")


def shows_step(page: Page, name: str, number: int) -> None:
    step = page.locator('[data-view="step"]')
    expect(step.locator("[data-component]")).to_have_text(name)
    expect(step.locator("[data-step-count]")).to_have_text(f"Step {number} of 3")


def test_a_three_step_run_with_short_presses(kiosk: Page) -> None:
    tap(kiosk)  # take the first pending job
    shows_step(kiosk, "Anode", 1)
    expect(kiosk.locator("[data-next]")).to_contain_text("Cathode")
    expect(kiosk.locator("[data-visual]")).to_have_css("background-color", "rgb(214, 40, 40)")
    tap(kiosk)
    shows_step(kiosk, "Cathode", 2)
    tap(kiosk)
    shows_step(kiosk, "Electrolyte", 3)
    expect(kiosk.locator("[data-next]")).to_have_text("Review")
    tap(kiosk)
    review = kiosk.locator('[data-view="review"]')
    expect(review).to_be_visible()
    expect(review.locator("tbody tr")).to_have_count(3)
    expect(review.locator("tbody")).to_contain_text("Electrolyte")
    tap(kiosk)
    summary = kiosk.locator('[data-view="summary"]')
    expect(summary.locator("[data-summary-title]")).to_have_text("Finished")
    expect(summary).to_contain_text("3 of 3 steps")
    tap(kiosk)  # back to the queue, now empty
    expect(kiosk.locator("[data-queue-empty]")).to_be_visible()


def test_holding_space_aborts_with_a_countdown(kiosk: Page) -> None:
    tap(kiosk)
    shows_step(kiosk, "Anode", 1)
    tap(kiosk)
    shows_step(kiosk, "Cathode", 2)
    kiosk.keyboard.down("Space")
    ring = kiosk.locator("[data-ring]")
    expect(ring).to_be_visible(timeout=1000)  # from the first moments of the hold
    expect(kiosk.locator("[data-ring-count]")).to_have_text("2")
    summary = kiosk.locator('[data-view="summary"]')
    expect(summary.locator("[data-summary-title]")).to_have_text("Aborted", timeout=4000)
    expect(summary).to_contain_text("aborted at step 2 (hold)")
    expect(summary).to_contain_text("1 of 3 steps kept")
    expect(ring).to_be_hidden()
    kiosk.keyboard.up("Space")  # the release after an abort does nothing more
    expect(summary).to_be_visible()


def test_a_reload_mid_session_resumes_at_the_same_step(kiosk: Page) -> None:
    tap(kiosk)
    shows_step(kiosk, "Anode", 1)
    tap(kiosk)
    shows_step(kiosk, "Cathode", 2)
    kiosk.reload()
    shows_step(kiosk, "Cathode", 2)
    tap(kiosk)
    shows_step(kiosk, "Electrolyte", 3)
