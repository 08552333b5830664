"""The API docs page in a real Chromium: served from the box, and "try it out" works."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Request, expect

from tests.fixtures.browser import SignIn

pytestmark = pytest.mark.browser


def test_docs_render_with_no_request_leaving_the_server(page: Page, live_server: str) -> None:
    requests: list[str] = []

    def note(request: Request) -> None:
        requests.append(request.url)

    page.on("request", note)
    page.goto("/api/docs")
    expect(page.get_by_role("heading", name="ShopTwin API", exact=True)).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/auth/me")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert any(url.endswith("/api/openapi.json") for url in requests)
    outside = [url for url in requests if not url.startswith(live_server + "/")]
    assert outside == []


def test_try_it_out_on_auth_me_answers_for_the_signed_in_user(page: Page, sign_in: SignIn) -> None:
    user = sign_in("supervisor")
    page.goto("/api/docs")
    operation = page.locator(".opblock-get").filter(has_text="/api/v1/auth/me")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    result = operation.locator(".live-responses-table")
    expect(result.locator(".response-col_status").nth(1)).to_have_text("200")
    expect(result.locator("pre").first).to_contain_text(f'"username": "{user.username}"')
