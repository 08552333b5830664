"""Supervisors' live views in real Chromium: queue manager and dashboard follow the floor."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from assembly.floor import progress, start
from core.auth.models import User
from core.db import utcnow
from core.extensions import db
from tests.fixtures.assembly import MakeProject
from tests.fixtures.assembly_sessions import T0

pytestmark = pytest.mark.browser

DWELL_S = 0.2


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory(ASSEMBLY_MIN_STEP_S=DWELL_S)


def online(page: Page) -> None:
    expect(page.locator("[data-conn]").first).to_have_attribute("data-state", "online")


def stacks(page: Page) -> list[str]:
    return page.locator("[data-queue-list] [data-field='stack']").all_text_contents()


def test_queue_manager_adds_and_reorders_jobs(
    page: Page, sign_in, make_project: MakeProject, make_job
) -> None:
    version = make_project().version_id
    make_job(version, stack_id="FIRST")
    sign_in("supervisor")
    page.goto("/assembly/queue")
    online(page)
    page.get_by_label("Stack id").fill("SECOND")
    page.get_by_role("button", name="Add job").click()
    expect(page.locator("[data-queue-list]")).to_contain_text("SECOND")
    assert stacks(page) == ["FIRST", "SECOND"]

    page.get_by_label("Stack id").fill("")
    page.get_by_role("button", name="Add job").click()
    expect(page.locator('[data-error-for="stack_id"]')).to_be_visible()

    page.get_by_role("button", name="Move job SECOND up").click()
    expect(page.locator("[data-queue-list] [data-job-id]").first).to_contain_text("SECOND")
    page.reload()
    expect(page.locator("[data-queue-list] [data-job-id]").first).to_contain_text("SECOND")
    assert stacks(page) == ["SECOND", "FIRST"]

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cancel job FIRST").click()
    expect(page.locator("[data-queue-list] [data-job-id]")).to_have_count(1)
    page.reload()
    assert stacks(page) == ["SECOND"]


def test_serials_set_the_quantity_and_a_blank_quantity_is_refused(
    page: Page, sign_in, make_project: MakeProject, make_job
) -> None:
    make_job(make_project().version_id, stack_id="FIRST")
    sign_in("supervisor")
    page.goto("/assembly/queue")
    online(page)
    page.get_by_label("Stack id").fill("BLANK")
    page.get_by_label("Quantity").fill("")
    page.get_by_role("button", name="Add job").click()
    expect(page.locator('[data-error-for="quantity"]')).to_contain_text("number of units")
    expect(page.locator("[data-queue-list] [data-job-id]")).to_have_count(1)
    page.get_by_label("Serials").fill("A1, A2")
    expect(page.get_by_label("Quantity")).to_have_value("2")
    expect(page.get_by_label("Quantity")).not_to_be_editable()
    page.get_by_role("button", name="Add job").click()
    expect(page.locator("[data-queue-list]")).to_contain_text("2 (A1, A2)")
    expect(page.get_by_label("Quantity")).to_be_editable()


def test_dashboard_follows_a_session_step_by_step(
    page: Page, app: Flask, sign_in, user_factory, make_project: MakeProject, make_job
) -> None:
    job = make_job(make_project().version_id, stack_id="LIVE-1")
    operator_id = user_factory("operator", display_name="Olga").id
    station = app.config["DEVICE_ID"]
    sign_in("supervisor")
    page.goto("/assembly/dashboard")
    online(page)
    card = page.locator(f'[data-station="{station}"]')
    expect(card.locator('[data-field="step"]')).to_have_text("Idle")

    with app.app_context():
        operator = db.session.get(User, operator_id)
        run = start(db.session, job, operator, station).session.id
    expect(card.locator('[data-field="step"]')).to_have_text("Step 1 of 3 · Anode")
    expect(card.locator('[data-field="operator"]')).to_have_text("Olga")
    expect(card.locator("[data-force-abort]")).to_be_visible()

    time.sleep(DWELL_S + 0.05)
    with app.app_context():
        progress(db.session, run, "next", 0, db.session.get(User, operator_id), station)
    expect(card.locator('[data-field="step"]')).to_have_text("Step 2 of 3 · Cathode")

    card.locator("[data-force-abort]").click()
    page.get_by_label("Reason").fill("Glove torn")
    page.get_by_role("button", name="Abort session").click()
    expect(card.locator('[data-field="step"]')).to_have_text("Idle")
    expect(page.locator('[data-count="aborted"]')).to_have_text("1")


def test_dashboard_counts_catch_up_after_a_lost_connection(
    page: Page, sign_in, user_factory, make_project: MakeProject, make_job, make_session
) -> None:
    job = make_job(make_project().version_id)
    operator = user_factory("operator").id
    sign_in("supervisor")
    page.goto("/assembly/dashboard")
    online(page)
    expect(page.locator('[data-count="finished"]')).to_have_text("0")
    page.context.set_offline(True)
    expect(page.locator("[data-conn]").first).not_to_have_attribute("data-state", "online")
    # A unit finished while this browser was away: no push ever reaches it.
    make_session(job, operator, (1, 1, 1), started_at=utcnow() - timedelta(seconds=30))
    page.context.set_offline(False)
    online(page)
    expect(page.locator('[data-count="finished"]')).to_have_text("1")
    expect(page.locator('[data-count="cycle"]')).to_have_text("8.0 s")


def test_viewer_dashboard_is_live_and_read_only(
    page: Page, app: Flask, sign_in, user_factory, make_project: MakeProject, make_job
) -> None:
    job = make_job(make_project().version_id)
    operator_id = user_factory("operator", display_name="Olga").id
    station = app.config["DEVICE_ID"]
    sign_in("viewer")
    page.goto("/assembly/dashboard")
    online(page)
    card = page.locator(f'[data-station="{station}"]')
    expect(card.locator('[data-field="pending"]')).to_have_text("1")
    with app.app_context():
        start(db.session, job, db.session.get(User, operator_id), station)
    expect(card.locator('[data-field="step"]')).to_have_text("Step 1 of 3 · Anode")
    expect(card.locator('[data-field="pending"]')).to_have_text("0")
    expect(page.locator("[data-force-abort]")).to_have_count(0)


def test_analytics_draws_its_charts(
    page: Page,
    sign_in,
    user_factory,
    make_project: MakeProject,
    make_job,
    make_session,
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    job = make_job(make_project().version_id)
    operator = user_factory("operator").id
    make_session(job, operator, (10, 20, 30), started_at=T0)
    make_session(job, operator, (12, 45), status="aborted", abort_step=1, started_at=T0)
    sign_in("viewer")
    page.goto("/assembly/analytics?date_from=2026-11-19&date_to=2026-11-21")
    expect(page.locator("[data-boxplot] svg")).to_have_count(1)
    expect(page.locator('[data-bars="by_station"] svg')).to_have_count(1)
    expect(page.locator('[data-bars="by_operator"] svg')).to_have_count(1)
    assert errors == []


# Words split across lines inside the matched elements (a word may wrap whole, never break).
SPLIT_WORDS = """(selector) => {
  const split = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""


def test_supervision_pages_read_at_phone_width(
    page: Page, sign_in, user_factory, make_project: MakeProject, make_job, make_session
) -> None:
    job = make_job(make_project().version_id, stack_id="S" * 64)
    make_job(make_project(project_id="lithium-cell").version_id, stack_id="NEXT")
    operator = user_factory("operator", display_name="Olga").id
    make_session(job, operator, (10, 20, 30), started_at=utcnow() - timedelta(hours=1))
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in("supervisor")
    for path in ("/assembly/components", "/assembly/projects", "/assembly/sessions"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    for path in ("/assembly/dashboard", "/assembly/queue", "/assembly/analytics"):
        page.goto(path)
        online(page)
        # Tables scroll inside their wrapper; the page itself never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    assert page.evaluate(SPLIT_WORDS, "[data-steps-table] td") == []
    expect(page.locator("[data-steps-table] td").first).to_be_visible()
