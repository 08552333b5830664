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


def test_a_picture_too_large_is_refused_as_it_is_chosen_and_the_form_kept(
    page: Page, sign_in: SignIn
) -> None:
    sign_in("supervisor")
    page.goto("/assembly/components/new")
    page.get_by_label("Name").fill("Anode")
    picture = page.get_by_label("Picture")
    big = {"name": "scan.png", "mimeType": "image/png", "buffer": b"x" * (3 * 1024 * 1024)}
    picture.set_input_files(big)
    expect(page.get_by_role("alert")).to_have_text(
        "“scan.png” is 3072 KiB: choose a picture of at most 2048 KiB."
    )
    assert picture.evaluate("input => input.files.length") == 0  # nothing that large is sent
    expect(page.get_by_label("Name")).to_have_value("Anode")


def test_deleting_a_component_asks_first(page: Page, sign_in: SignIn) -> None:
    sign_in("supervisor")
    _component(page, "Anode", "17")
    page.goto("/assembly/components")
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Delete").click()
    expect(page.locator("[data-component=anode]")).to_be_visible()  # kept
    assert questions == ["Delete component Anode and its picture?"]
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_text("Component deleted.")).to_be_visible()
