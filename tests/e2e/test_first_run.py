"""A new installation in a real Chromium: setup creates the first admin, who then signs in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


def test_first_run_setup_then_sign_in_reaches_the_home_page(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/setup$"))
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Display name").fill("Ada Admin")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create admin").click()
    expect(page.locator(".user-name")).to_have_text("Ada Admin")

    page.locator("[data-user-menu] summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    page.goto("/setup")
    expect(page.get_by_text("404").first).to_be_visible()

    page.goto("/login")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Shop floor")).to_be_visible()
    expect(page.locator(".user-name")).to_have_text("Ada Admin")
