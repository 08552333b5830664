"""The alert centre in a real Chromium: ack, comment and clear, a live bell, a read-only viewer."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from core.alerts.services import raise_alert
from core.extensions import db
from tests.fixtures.auth import DEFAULT_PASSWORD, UserFactory
from tests.fixtures.browser import SignIn

pytestmark = pytest.mark.browser

XSS = "<script>alert(1)</script>"


def _raise(app: Flask, subject: str, title: str) -> int:
    with app.app_context():
        alert = raise_alert(
            db.session,
            source="telemetry",
            subject=subject,
            rule="over-temperature",
            severity="critical",
            title=title,
        )
        db.session.commit()
        return alert.id


def _viewer_page(browser: Browser, live_server: str, user_factory: UserFactory) -> Page:
    viewer = user_factory("viewer")
    context = browser.new_context(base_url=live_server)
    watcher = context.new_page()
    watcher.set_default_timeout(10_000)
    watcher.goto("/login")
    watcher.get_by_label("Username").fill(viewer.username)
    watcher.get_by_label("Password").fill(DEFAULT_PASSWORD)
    watcher.get_by_role("button", name="Sign in").click()
    expect(watcher.locator(".user-name")).to_be_visible()
    return watcher


def test_operator_acks_comments_and_clears_while_the_bell_follows_live(
    page: Page,
    sign_in: SignIn,
    live_app: Flask,
    browser: Browser,
    live_server: str,
    user_factory: UserFactory,
) -> None:
    _raise(live_app, "cell-3", "Cell 3 is warm")
    alert_id = _raise(live_app, "cell-7", f"Cell 7 {XSS} too hot")
    watcher = _viewer_page(browser, live_server, user_factory)
    watcher.goto("/")
    expect(watcher.locator("[data-conn]")).to_have_attribute("data-state", "online")
    watcher_bell = watcher.locator("[data-bell] [data-alert-count]")
    expect(watcher_bell).to_have_text("2")

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in("operator", display_name="Olga Operator")
    page.goto("/alerts/")
    page.get_by_role("link", name=f"Cell 7 {XSS} too hot").click()
    expect(page).to_have_url(re.compile(rf"/alerts/{alert_id}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(XSS)

    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Alert acknowledged.")).to_be_visible()
    expect(page.locator("[data-history=ack]")).to_contain_text("Acknowledged by Olga Operator")
    expect(page.get_by_role("button", name="Acknowledge")).to_have_count(0)

    page.get_by_label("Add a comment").fill(f"{XSS} belt & rollers checked")
    page.get_by_role("button", name="Comment").click()
    expect(page.locator(".alert-comment")).to_contain_text(f"{XSS} belt & rollers checked")

    page.get_by_role("button", name="Clear").click()
    expect(page.get_by_text("Alert cleared.")).to_be_visible()
    expect(page.locator("[data-history=clear]")).to_contain_text("Cleared by Olga Operator")
    expect(page.get_by_role("button", name="Clear")).to_have_count(0)
    expect(page.locator("[data-bell] [data-alert-count]")).to_have_text("1")
    expect(watcher_bell).to_have_text("1")  # pushed to the other browser, no reload
    assert dialogs == []
    watcher.context.close()


def test_viewer_sees_alerts_but_no_action_buttons(
    page: Page, sign_in: SignIn, live_app: Flask
) -> None:
    alert_id = _raise(live_app, "cell-9", "Cell 9 voltage low")
    sign_in("viewer")
    page.goto("/alerts/")
    expect(page.get_by_role("link", name="Cell 9 voltage low")).to_be_visible()
    page.goto(f"/alerts/{alert_id}")
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    for name in ("Acknowledge", "Clear", "Comment"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)
    expect(page.get_by_label("Add a comment")).to_have_count(0)
    status = page.evaluate(
        """async (id) => {
            const token = document.querySelector('meta[name=csrf-token]').content;
            const form = new FormData();
            form.append('csrf_token', token);
            return (await fetch(`/alerts/${id}/ack`, {method: 'POST', body: form})).status;
        }""",
        alert_id,
    )
    assert status == 403
    page.reload()
    expect(page.locator("[data-alert-state]")).to_have_text("Active")
