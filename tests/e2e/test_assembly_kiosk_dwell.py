"""The minimum dwell per step in real Chromium: a bounce changes nothing and says nothing."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from playwright.sync_api import Page

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
