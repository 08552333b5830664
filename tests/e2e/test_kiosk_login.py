"""Kiosk sign-in in a real Chromium: badge scan + Enter, or name + PIN, set from the admin page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.fixtures.auth import UserFactory
from tests.fixtures.browser import SignIn

pytestmark = pytest.mark.browser

BADGE = "0004455667"
PIN = "4321"


def _kiosk(browser: Browser, live_server: str) -> Page:
    context = browser.new_context(base_url=live_server, viewport={"width": 1024, "height": 600})
    kiosk = context.new_page()
    kiosk.set_default_timeout(10_000)
    kiosk.goto("/kiosk/login")
    return kiosk


def test_badge_and_pin_set_by_an_admin_sign_the_operator_in(
    page: Page, sign_in: SignIn, user_factory: UserFactory, browser: Browser, live_server: str
) -> None:
    operator = user_factory("operator", display_name="Olga Operator")
    sign_in("admin")
    page.goto(f"/admin/users/{operator.id}")
    page.get_by_label("Badge number").fill(BADGE)
    page.get_by_role("button", name="Set badge").click()
    expect(page.get_by_text("A badge is set.")).to_be_visible()
    page.get_by_label("PIN").fill(PIN)
    page.get_by_role("button", name="Set PIN").click()
    expect(page.get_by_text("A PIN is set.")).to_be_visible()

    kiosk = _kiosk(browser, live_server)
    kiosk.get_by_label("Badge").fill(BADGE)
    kiosk.keyboard.press("Enter")  # what a USB badge scanner types last
    expect(kiosk).to_have_url(re.compile(r"/assembly/kiosk$"))  # KIOSK_HOME
    expect(kiosk.locator(".kiosk-user")).to_have_text("Olga Operator")
    kiosk.context.close()

    kiosk = _kiosk(browser, live_server)
    kiosk.get_by_label("Name").select_option(label="Olga Operator")
    kiosk.get_by_label("PIN").fill(PIN)
    kiosk.get_by_role("button", name="Sign in").nth(1).click()
    expect(kiosk).to_have_url(re.compile(r"/assembly/kiosk$"))
    expect(kiosk.locator(".kiosk-user")).to_have_text("Olga Operator")
    kiosk.context.close()


def test_wrong_badge_and_wrong_pin_are_refused(page: Page, user_factory: UserFactory) -> None:
    user_factory("operator", display_name="Otto Operator", badge=BADGE, pin=PIN)
    page.goto("/kiosk/login")
    page.get_by_label("Badge").fill("9999999")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_have_text("Badge not recognised.")
    page.get_by_label("Name").select_option(label="Otto Operator")
    page.get_by_label("PIN").fill("0000")
    page.get_by_role("button", name="Sign in").nth(1).click()
    expect(page.get_by_role("alert")).to_have_text("Wrong PIN.")
    expect(page.locator(".user-name")).to_have_count(0)
    page.goto("/")
    expect(page.get_by_label("Username")).to_be_visible()  # still signed out: the login page


def test_both_forms_and_a_lock_message_fit_the_smallest_glove_box_screen(
    browser: Browser, live_server: str, user_factory: UserFactory
) -> None:
    user_factory("operator", display_name="Otto Operator", pin=PIN)
    context = browser.new_context(base_url=live_server, viewport={"width": 800, "height": 480})
    kiosk = context.new_page()
    kiosk.goto("/kiosk/login")
    for _ in range(5):  # five wrong PINs lock the name
        kiosk.get_by_label("Name").select_option(label="Otto Operator")
        kiosk.get_by_label("PIN").fill("0000")
        kiosk.get_by_role("button", name="Sign in").nth(1).click()
    expect(kiosk.get_by_role("alert")).to_contain_text("locked")
    for button in kiosk.get_by_role("button", name="Sign in").all():
        expect(button).to_be_in_viewport(ratio=1)
    context.close()
