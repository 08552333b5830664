"""Admin pages in a real Chromium: a user made at /admin/users can then sign in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.fixtures.browser import SignIn

pytestmark = pytest.mark.browser

PASSWORD = "a long enough password"


def test_admin_creates_a_user_who_can_then_sign_in(page: Page, sign_in: SignIn) -> None:
    sign_in("admin")
    page.goto("/")
    page.locator("[data-user-menu] summary").click()
    page.get_by_role("link", name="Manage users").click()
    page.get_by_role("link", name="New user").click()
    page.get_by_label("Username").fill("sally")
    page.get_by_label("Display name").fill("<b>Sally</b> Super")
    page.get_by_label("Role").select_option("supervisor")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create user").click()
    expect(page.get_by_text("User sally created.")).to_be_visible()

    page.goto("/admin/users")
    row = page.get_by_role("row").filter(has_text="sally")
    expect(row).to_contain_text("supervisor")
    expect(row).to_contain_text("<b>Sally</b> Super")  # escaped, not bold markup

    page.locator("[data-user-menu] summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Username").fill("sally")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".user-name")).to_have_text("<b>Sally</b> Super")
    page.goto("/admin/users")
    expect(page.get_by_text("403").first).to_be_visible()  # a supervisor is no admin


def test_new_user_form_shows_errors_and_creates_nothing(page: Page, sign_in: SignIn) -> None:
    sign_in("admin")
    page.goto("/admin/users/new")
    page.get_by_label("Username").fill("../etc")
    page.get_by_label("Display name").fill("Path")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD + "x")
    page.get_by_role("button", name="Create user").click()
    expect(page).to_have_url(re.compile(r"/admin/users/new$"))
    expect(page.get_by_text("Must match the password.")).to_be_visible()
    page.goto("/admin/users")
    expect(page.get_by_role("link", name="../etc")).to_have_count(0)


def test_admin_tables_fit_a_phone_screen(page: Page, sign_in: SignIn, user_factory) -> None:
    sign_in("admin")
    user_factory("operator", username="o" * 64)
    page.set_viewport_size({"width": 375, "height": 800})
    for path in ("/admin/users", "/admin/tokens"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways: {width}px"
