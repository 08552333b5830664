"""What the kiosk browser tests share: an operator badged in, pedal taps, the step shown."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from tests.fixtures.auth import UserFactory

BADGE = "0007788990"
DWELL_S = 0.2  # ASSEMBLY_MIN_STEP_S in these tests
HOLD_S = 1.5  # ASSEMBLY_ABORT_HOLD_S in these tests


def badge_in(page: Page, user_factory: UserFactory) -> None:
    """Badge an operator in at the kiosk and wait for its live connection."""
    user_factory("operator", display_name="Olga Operator", badge=BADGE)
    page.goto("/assembly/kiosk")
    page.get_by_label("Badge").fill(BADGE)
    page.keyboard.press("Enter")  # what the badge scanner types last
    page.wait_for_url("**/assembly/kiosk")
    expect(page.locator("[data-conn]")).to_have_attribute("data-state", "online")
    # The kiosk has loaded its queue or session: a press now acts on what is on screen.
    expect(page.locator("[data-assembly-kiosk]")).to_have_attribute(
        "data-current-view", re.compile("^(queue|step|review|summary)$")
    )


def tap(page: Page) -> None:
    """A short pedal press, after the minimum dwell."""
    time.sleep(DWELL_S + 0.05)
    page.keyboard.down("Space")
    page.keyboard.up("Space")


def shows_step(page: Page, name: str, number: int) -> None:
    """Assert the kiosk shows `name` as step `number` of 3."""
    step = page.locator('[data-view="step"]')
    expect(step.locator("[data-component]")).to_have_text(name)
    expect(step.locator("[data-step-count]")).to_have_text(f"Step {number} of 3")
