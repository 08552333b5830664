"""One unit end to end: a supervisor builds it, an operator runs it, the records export it."""

from __future__ import annotations

import io
import re
import time

import openpyxl
import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from assembly.models import ProjectVersion
from core.extensions import db
from tests.fixtures.auth import UserFactory
from tests.fixtures.browser import SignIn

pytestmark = pytest.mark.browser

BADGE = "0004455667"
DWELL_S = 0.2
COMPONENTS = (  # name, BCM pin, critical, target seconds, step label
    ("Anode", "17", False, "20", "Place anode"),
    ("Cathode", "4", True, "5", "Place <i>cathode</i>"),
    ("Separator", "22", False, "", "Lay separator"),
)


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory(ASSEMBLY_MIN_STEP_S=DWELL_S, ASSEMBLY_ABORT_HOLD_S=1.5)


def build_project(page: Page) -> None:
    """Create three components (one critical) and a 3-step project through the pages."""
    for name, pin, critical, target, _ in COMPONENTS:
        page.goto("/assembly/components/new")
        page.get_by_label("Name").fill(name)
        page.get_by_label("GPIO pin (BCM)").fill(pin)
        page.get_by_label("Target time (s)").fill(target)
        if critical:
            page.get_by_label("Critical").check()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text(f"Component {name} created.")).to_be_visible()
    page.goto("/assembly/projects/new")
    page.get_by_label("Name").fill("Thermal Stack T1")
    page.get_by_role("button", name="Save").click()
    rows = page.locator("[data-step-row]")
    for index, (name, _, _, _, label) in enumerate(COMPONENTS):
        page.get_by_role("button", name="Add step").click()
        rows.nth(index).get_by_label("Component").select_option(label=name)
        rows.nth(index).get_by_label("Label").fill(label)
    page.get_by_role("button", name="Save steps").click()
    expect(page.get_by_text("Steps saved as version 1.")).to_be_visible()


def tap(page: Page) -> None:
    """A short pedal press after the minimum dwell."""
    time.sleep(DWELL_S + 0.05)
    page.keyboard.down("Space")
    page.keyboard.up("Space")


def test_built_in_the_ui_run_at_the_kiosk_and_exported(
    page: Page, live_app: Flask, live_server: str, sign_in: SignIn, user_factory: UserFactory
) -> None:
    sign_in("supervisor")
    build_project(page)
    with live_app.app_context():
        version_id = db.session.scalars(db.select(ProjectVersion.id)).one()
    status, job = page.evaluate(
        """async (versionId) => {
          const token = document.querySelector('meta[name="csrf-token"]').content;
          const answer = await fetch("/api/v1/assembly/jobs", {
            method: "POST",
            headers: {"Content-Type": "application/json", "X-CSRFToken": token},
            body: JSON.stringify({version_id: versionId, stack_id: "T1-0001"}),
          });
          return [answer.status, await answer.json()];
        }""",
        version_id,
    )
    assert (status, job["state"]) == (201, "pending"), job

    user_factory("operator", display_name="Olga Operator", badge=BADGE)
    browser = page.context.browser
    assert browser is not None
    kiosk = browser.new_page(base_url=live_server, viewport={"width": 1024, "height": 600})
    kiosk.set_default_timeout(10_000)
    try:
        kiosk.goto("/assembly/kiosk")
        kiosk.get_by_label("Badge").fill(BADGE)
        kiosk.keyboard.press("Enter")
        kiosk.wait_for_url("**/assembly/kiosk")
        expect(kiosk.locator("[data-queue]")).to_contain_text("T1-0001")
        step = kiosk.locator('[data-view="step"]')
        tap(kiosk)  # take the job
        expect(step.locator("[data-component]")).to_have_text("Anode")
        tap(kiosk)
        expect(step.locator("[data-component]")).to_have_text("Cathode")
        tap(kiosk)  # a critical component asks for a second press
        expect(kiosk.locator("[data-confirm]")).to_be_visible()
        expect(step.locator("[data-component]")).to_have_text("Cathode")
        tap(kiosk)
        expect(step.locator("[data-component]")).to_have_text("Separator")
        expect(step.locator("[data-step-count]")).to_have_text("Step 3 of 3")
        tap(kiosk)
        expect(kiosk.locator('[data-view="review"] tbody tr')).to_have_count(3)
        tap(kiosk)
        expect(kiosk.locator("[data-summary-title]")).to_have_text("Finished")
    finally:
        kiosk.close()

    page.goto("/assembly/sessions")
    row = page.get_by_role("row").filter(has_text="T1-0001")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Olga Operator")
    expect(row).to_contain_text("3/3")
    expect(row).to_contain_text(re.compile("finished", re.IGNORECASE))
    row.get_by_role("link").first.click()
    expect(page.get_by_role("cell", name="Place <i>cathode</i>")).to_be_visible()  # escaped
    with page.expect_download() as download:
        page.get_by_role("link", name="Export XLSX").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))

    timeline = list(book["Timeline"].iter_rows(values_only=True))
    header, steps = timeline[0], timeline[1:]
    column = {name: header.index(name) for name in header}
    assert [s[column["Component"]] for s in steps] == ["Anode", "Cathode", "Separator"]
    assert [s[column["Label"]] for s in steps] == [c[4] for c in COMPONENTS]
    assert [s[column["Target (s)"]] for s in steps] == [20, 5, None]
    assert [s[column["Confirmations"]] for s in steps] == [1, 1, 1]
    for s in steps:
        assert DWELL_S <= s[column["Duration (s)"]] < 10
    anode = steps[0]
    delta = anode[column["Delta to target (s)"]]
    assert delta == pytest.approx(anode[column["Duration (s)"]] - 20, abs=0.002)

    summary = dict(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["Status"] == "finished"
    assert summary["Stack id"] == "T1-0001"
    assert summary["Operator"] == "Olga Operator"
    assert (summary["Steps done"], summary["Steps total"]) == (3, 3)
    assert summary["Project"] == "Thermal Stack T1 (thermal-stack-t1) v1"
    assert summary["Abort step"] is None
