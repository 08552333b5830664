"""Handing a kiosk over in real Chromium: sign out, or scan another badge on any kiosk page."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.e2e.kiosk import DWELL_S, HOLD_S, badge_in, shows_step, tap
from tests.fixtures.assembly import MakeProject
from tests.fixtures.auth import UserFactory

pytestmark = pytest.mark.browser

OTHER_BADGE = "0001122334"


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory(ASSEMBLY_ABORT_HOLD_S=HOLD_S, ASSEMBLY_MIN_STEP_S=DWELL_S)


def scan(page: Page, badge: str) -> None:
    """What a USB badge scanner types: the badge's characters, then Enter."""
    page.keyboard.type(badge, delay=5)
    page.keyboard.press("Enter")


def test_scanning_another_badge_hands_the_kiosk_over_and_back(
    page: Page, user_factory: UserFactory, make_project: MakeProject, make_job
) -> None:
    make_job(make_project().version_id, stack_id="HAND-1")
    user_factory("operator", display_name="Piet Second", badge=OTHER_BADGE)
    badge_in(page, user_factory)  # Olga
    tap(page)
    shows_step(page, "Anode", 1)
    owner = page.locator("[data-owner]")
    expect(owner).to_be_hidden()

    scan(page, OTHER_BADGE)
    expect(page.locator(".kiosk-user")).to_have_text("Piet Second")
    shows_step(page, "Anode", 1)  # Olga's session stays open at its step
    expect(owner).to_contain_text("Olga Operator's")

    scan(page, "0007788990")  # Olga's badge (tests/e2e/kiosk.py)
    expect(page.locator(".kiosk-user")).to_have_text("Olga Operator")
    expect(owner).to_be_hidden()
    tap(page)
    shows_step(page, "Cathode", 2)


def test_a_misread_badge_mid_session_leaves_the_step_on_screen(
    page: Page, user_factory: UserFactory, make_project: MakeProject, make_job
) -> None:
    make_job(make_project().version_id)
    badge_in(page, user_factory)
    tap(page)
    shows_step(page, "Anode", 1)
    scan(page, "X12345")  # the scanner misread a badge
    expect(page.locator("[data-badge-refused]")).to_have_text("Badge not recognised.")
    assert page.url.endswith("/assembly/kiosk")
    expect(page.locator(".kiosk-user")).to_have_text("Olga Operator")
    shows_step(page, "Anode", 1)
    tap(page)  # the pedal still works
    shows_step(page, "Cathode", 2)


def test_sign_out_goes_back_to_the_badge_sign_in(page: Page, user_factory: UserFactory) -> None:
    badge_in(page, user_factory)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/kiosk/login?next=/assembly/kiosk")
    expect(page.get_by_label("Badge")).to_be_focused()
    page.goto("/assembly/kiosk")
    page.wait_for_url("**/kiosk/login?next=**")  # signed out for real
