"""The base layout in a real Chromium: home page, theme, live connection, phone width."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from core.alerts.services import raise_alert
from core.extensions import db
from tests.fixtures.auth import UserFactory
from tests.fixtures.browser import SignIn

pytestmark = pytest.mark.browser


def test_home_page_shows_a_tile_per_module_and_the_signed_in_user(
    page: Page, sign_in: SignIn
) -> None:
    sign_in("operator", display_name="Olga Operator")
    page.goto("/")
    expect(page).to_have_title("Home · ShopTwin")
    expect(page.get_by_role("heading", name="Shop floor")).to_be_visible()
    for title in ("Assembly", "Factory twin", "Battery telemetry", "Maintenance"):
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
        expect(page.get_by_role("navigation", name="Modules").get_by_text(title)).to_be_visible()
    expect(page.locator(".user-name")).to_have_text("Olga Operator")
    # The system tile fills itself from /healthz.
    expect(page.locator("[data-tile=system] [data-health-state]")).not_to_have_text("checking")


def test_theme_choice_survives_a_reload(page: Page, sign_in: SignIn) -> None:
    sign_in("viewer")
    page.emulate_media(color_scheme="light")
    page.goto("/")
    root = page.locator("html")
    expect(root).to_have_attribute("data-theme", "light")
    page.get_by_role("button", name="Switch to dark theme").click()
    expect(root).to_have_attribute("data-theme", "dark")
    page.reload()
    expect(root).to_have_attribute("data-theme", "dark")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(14, 19, 25)"


def test_theme_follows_the_system_until_chosen(page: Page, sign_in: SignIn) -> None:
    sign_in("viewer")
    page.emulate_media(color_scheme="dark")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")


def test_connection_indicator_goes_online_once_socketio_connects(
    page: Page, sign_in: SignIn
) -> None:
    sign_in("supervisor")
    page.goto("/")
    indicator = page.locator("[data-conn]")
    expect(indicator).to_have_attribute("data-state", "online")
    expect(indicator).to_contain_text("Online")
    page.context.set_offline(True)
    expect(indicator).to_have_attribute("data-state", "offline")
    page.context.set_offline(False)
    expect(indicator).to_have_attribute("data-state", "online")


def test_phone_width_has_no_horizontal_scroll_and_a_collapsed_nav(
    page: Page, sign_in: SignIn
) -> None:
    sign_in("admin")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
    nav_link = page.get_by_role("navigation", name="Modules").get_by_text("Factory twin")
    expect(nav_link).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(nav_link).to_be_visible()
    nav_link.click()
    expect(page).to_have_url(re.compile(r"/twin/$"))


def test_bell_count_follows_alerts_live(page: Page, sign_in: SignIn, live_app: Flask) -> None:
    sign_in("operator")
    page.goto("/")
    expect(page.locator("[data-conn]")).to_have_attribute("data-state", "online")
    bell_count = page.locator("[data-bell] [data-alert-count]")
    expect(bell_count).to_be_hidden()
    with live_app.app_context():
        raise_alert(
            db.session,
            source="telemetry",
            subject="cell-7",
            rule="over-temperature",
            severity="critical",
            title="Cell 7 is too hot",
        )
        db.session.commit()
    expect(bell_count).to_have_text("1")
    expect(page.get_by_role("link", name="Alerts: 1 open")).to_be_visible()
    expect(page.locator("[data-tile=alerts] [data-alert-count]")).to_have_text("1")


def test_kiosk_layout_is_large_navigation_free_and_shows_station_and_clock(
    page: Page, user_factory: UserFactory, live_app: Flask
) -> None:
    user_factory("admin")  # first-run setup is over, so the kiosk page is reachable
    page.set_viewport_size({"width": 1024, "height": 600})
    page.goto("/kiosk/login")
    expect(page.get_by_role("navigation")).to_have_count(0)
    expect(page.locator("[data-station]")).to_contain_text(live_app.config["DEVICE_ID"])
    clock = page.locator("[data-clock]")
    expect(clock).to_have_text(re.compile(r"^\d\d:\d\d:\d\d$"))
    first = clock.text_content()
    expect(clock).not_to_have_text(first or "")  # it ticks
    font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 28
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
