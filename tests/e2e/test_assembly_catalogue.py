"""A supervisor builds components and a project in a real Chromium and reorders its steps."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.fixtures.browser import SignIn

pytestmark = pytest.mark.browser


def _component(page: Page, name: str, pin: str) -> None:
    page.goto("/assembly/components/new")
    page.get_by_label("Name").fill(name)
    page.get_by_label("GPIO pin (BCM)").fill(pin)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Component {name} created.")).to_be_visible()


def test_supervisor_builds_a_project_and_reorders_a_step(page: Page, sign_in: SignIn) -> None:
    sign_in("supervisor")
    _component(page, "Anode", "17")
    _component(page, "Cathode", "4")

    page.goto("/assembly/projects/new")
    page.get_by_label("Name").fill("Stack <b>A</b>")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/assembly/projects/stack-b-a-b/steps$"))

    rows = page.locator("[data-step-row]")
    for index, (component, label) in enumerate(
        [("Anode", "first"), ("Cathode", "second"), ("Anode", "third")]
    ):
        page.get_by_role("button", name="Add step").click()
        row = rows.nth(index)
        row.get_by_label("Component").select_option(label=component)
        row.get_by_label("Label").fill(label)
    rows.nth(2).get_by_role("button", name="Move step up").click()
    expect(page.locator("[data-steps-status]")).to_have_text("Anode is now step 2")
    expect(page.get_by_role("button", name="Move step up").nth(1)).to_be_focused()
    page.get_by_role("button", name="Save steps").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Stack <b>A</b>")
    expect(page.locator("[data-steps] li")).to_have_text(
        [re.compile("Anode — first"), re.compile("Anode — third"), re.compile("Cathode — second")]
    )
