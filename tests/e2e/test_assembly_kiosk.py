"""The assembly kiosk in real Chromium: badge in, run a stack by space bar, abort by holding."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from assembly.floor import force_abort, open_session
from core.extensions import db
from tests.e2e.kiosk import DWELL_S, HOLD_S, badge_in, shows_step, tap
from tests.fixtures.assembly import MakeProject
from tests.fixtures.auth import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory(ASSEMBLY_ABORT_HOLD_S=HOLD_S, ASSEMBLY_MIN_STEP_S=DWELL_S)


@pytest.fixture
def kiosk(page: Page, user_factory: UserFactory, make_project: MakeProject, make_job) -> Page:
    """Queue a 3-step job, badge an operator in at the kiosk and show the queue."""
    make_job(make_project().version_id, stack_id="STACK-42")
    badge_in(page, user_factory)
    expect(page.locator("[data-job]")).to_have_count(1)
    expect(page.locator("[data-queue]")).to_contain_text("STACK-42")
    return page


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
    expect(summary).to_contain_text("aborted at step 2 (pedal held)")
    expect(summary).to_contain_text("1 of 3 steps kept")
    expect(ring).to_be_hidden()
    kiosk.keyboard.up("Space")  # the release after an abort does nothing more
    expect(summary).to_be_visible()


def test_an_abort_in_the_review_says_so(kiosk: Page) -> None:
    tap(kiosk)
    for name, number in (("Anode", 1), ("Cathode", 2), ("Electrolyte", 3)):
        shows_step(kiosk, name, number)
        tap(kiosk)
    expect(kiosk.locator('[data-view="review"]')).to_be_visible()
    kiosk.keyboard.down("Space")
    summary = kiosk.locator('[data-view="summary"]')
    expect(summary).to_contain_text("aborted at review (pedal held)", timeout=4000)
    expect(summary).to_contain_text("3 of 3 steps kept")
    kiosk.keyboard.up("Space")


def test_holding_the_on_screen_abort_button_aborts_and_says_so(kiosk: Page) -> None:
    tap(kiosk)
    shows_step(kiosk, "Anode", 1)
    button = kiosk.locator('[data-view="step"] [data-abort-button]')
    button.hover()
    kiosk.mouse.down()  # a finger held on the touch screen
    expect(kiosk.locator("[data-ring]")).to_be_visible(timeout=1000)  # it covers the button
    summary = kiosk.locator('[data-view="summary"]')
    expect(summary).to_contain_text("aborted at step 1 (abort button held)", timeout=4000)
    kiosk.mouse.up()


def test_a_reload_mid_session_resumes_at_the_same_step(kiosk: Page) -> None:
    tap(kiosk)
    shows_step(kiosk, "Anode", 1)
    tap(kiosk)
    shows_step(kiosk, "Cathode", 2)
    kiosk.reload()
    shows_step(kiosk, "Cathode", 2)
    tap(kiosk)
    shows_step(kiosk, "Electrolyte", 3)


def test_a_session_aborted_while_the_kiosk_was_offline_shows_its_summary(
    app: Flask, kiosk: Page, user_factory: UserFactory
) -> None:
    tap(kiosk)
    shows_step(kiosk, "Anode", 1)
    kiosk.context.set_offline(True)
    expect(kiosk.locator("[data-conn]")).not_to_have_attribute("data-state", "online")
    supervisor = user_factory("supervisor")
    with app.app_context():
        run = open_session(db.session, app.config["DEVICE_ID"])
        force_abort(db.session, run.id, "glove torn", supervisor, "web:office")
    kiosk.context.set_offline(False)
    summary = kiosk.locator('[data-view="summary"]')
    expect(summary).to_contain_text("Aborted")
    expect(summary).to_contain_text("glove torn")


def test_a_pedal_held_down_types_repeats_that_count_as_one_press(kiosk: Page) -> None:
    tap(kiosk)
    shows_step(kiosk, "Anode", 1)
    time.sleep(DWELL_S + 0.05)
    kiosk.keyboard.down("Space")
    for _ in range(5):
        kiosk.keyboard.down("Space")  # the key is already down: the browser marks these repeat
    kiosk.keyboard.up("Space")
    shows_step(kiosk, "Cathode", 2)
    time.sleep(DWELL_S + 0.3)  # a second advance, if any, would have landed by now
    shows_step(kiosk, "Cathode", 2)


def test_losing_focus_mid_hold_neither_aborts_nor_advances(kiosk: Page) -> None:
    tap(kiosk)
    shows_step(kiosk, "Anode", 1)
    kiosk.keyboard.down("Space")
    expect(kiosk.locator("[data-ring]")).to_be_visible(timeout=1000)
    kiosk.evaluate("window.dispatchEvent(new Event('blur'))")  # another window took focus
    expect(kiosk.locator("[data-ring]")).to_be_hidden()
    time.sleep(2.0)  # past the 1.5 s hold threshold
    kiosk.keyboard.up("Space")
    time.sleep(0.3)
    shows_step(kiosk, "Anode", 1)
    expect(kiosk.locator('[data-view="summary"]')).to_be_hidden()
