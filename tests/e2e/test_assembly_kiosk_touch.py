"""The kiosk on a touch screen in real Chromium: the finger that held "Hold to abort" lifts."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from tests.e2e.kiosk import DWELL_S, HOLD_S, badge_in, shows_step, tap
from tests.fixtures.assembly import MakeProject
from tests.fixtures.auth import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory(ASSEMBLY_ABORT_HOLD_S=HOLD_S, ASSEMBLY_MIN_STEP_S=DWELL_S)


@pytest.fixture
def touch_page(browser: Browser, live_server: str) -> Iterator[Page]:
    """A page on a touch screen (the glove-box monitor), 1024x600."""
    context = browser.new_context(
        base_url=live_server, viewport={"width": 1024, "height": 600}, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize("held_after_abort_s", [0.3, 1.5])
def test_lifting_the_finger_after_a_touch_abort_keeps_the_summary(
    touch_page: Page,
    user_factory: UserFactory,
    make_project: MakeProject,
    make_job,
    held_after_abort_s: float,
) -> None:
    make_job(make_project().version_id)
    badge_in(touch_page, user_factory)
    tap(touch_page)
    shows_step(touch_page, "Anode", 1)
    box = touch_page.locator('[data-view="step"] [data-abort-button]').bounding_box()
    point = {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}
    touch = touch_page.context.new_cdp_session(touch_page)
    touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
    summary = touch_page.locator('[data-view="summary"]')
    expect(summary).to_contain_text("abort button held", timeout=4000)
    time.sleep(held_after_abort_s)  # the finger stays a moment on what now shows there
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    time.sleep(0.5)
    expect(summary).to_be_visible()  # the lift did not tap "Back to queue"
