"""The assembly kiosk on the 800x480 glove-box screen with real-world text: nothing needs a scroll.

The operator's only input is the foot pedal, so what does not fit on the screen is never seen;
a review too long for any layout turns its own pages.
"""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from assembly.models import Component, ProjectStep
from core.extensions import db
from tests.e2e.kiosk import DWELL_S, HOLD_S, badge_in, tap
from tests.fixtures.assembly import MakeProject
from tests.fixtures.auth import UserFactory

pytestmark = pytest.mark.browser

SCREEN = {"width": 800, "height": 480}
LABEL = (
    "Place the separator disc centred on the anode and check that no edge is folded or torn "
    "before continuing"
)
NOTE = (
    "Wear the second pair of gloves: the separator is wet with electrolyte. If the disc is "
    "creased or torn, set it aside in the red bin and take a fresh one from the tray."
)
LONG_NAME = "Polytetrafluoroethylenemembrane" * 2
THIRTEEN = ("anode", "separator", "cathode", "electrolyte") * 3 + ("anode",)


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory(ASSEMBLY_ABORT_HOLD_S=HOLD_S, ASSEMBLY_MIN_STEP_S=DWELL_S)


@pytest.fixture
def open_kiosk(page: Page, user_factory: UserFactory, make_job):
    """Return open(version_id): queue a job, badge in at 800x480 and take the job."""

    def open_(version_id: int) -> Page:
        make_job(version_id)
        page.set_viewport_size(SCREEN)
        badge_in(page, user_factory)
        tap(page)
        expect(page.locator('[data-view="step"]')).to_be_visible()
        page.wait_for_timeout(60)  # let the name fitting run on the next frame
        return page

    return open_


def edit_first_step(app: Flask, version_id: int, **fields: str) -> None:
    """Set fields of the version's first step (before a session records the steps)."""
    with app.app_context():
        step = db.session.scalars(
            select(ProjectStep)
            .where(ProjectStep.version_id == version_id)
            .order_by(ProjectStep.position)
        ).first()
        for name, value in fields.items():
            setattr(step, name, value)
        db.session.commit()


def go_to_review(page: Page, steps: int) -> None:
    """Press through every step and wait for the review."""
    for number in range(1, steps + 1):
        count = page.locator('[data-view="step"] [data-step-count]')
        expect(count).to_have_text(f"Step {number} of {steps}")
        tap(page)
    expect(page.locator('[data-view="review"]')).to_be_visible()


# Where an element is on the screen, in CSS pixels, with its line height.
PLACE = """(el) => {
  const box = el.getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, left: box.left, right: box.right,
          height: box.height, line: parseFloat(getComputedStyle(el).lineHeight),
          screenWidth: innerWidth, screenHeight: innerHeight};
}"""


def on_screen(place: dict[str, float]) -> bool:
    return (
        place["top"] >= -1
        and place["left"] >= -1
        and place["bottom"] <= place["screenHeight"] + 1
        and place["right"] <= place["screenWidth"] + 1
    )


def test_a_long_label_leaves_the_start_of_a_long_note_in_view(
    app: Flask, make_project: MakeProject, open_kiosk
) -> None:
    made = make_project(("separator", "anode", "cathode"))
    edit_first_step(app, made.version_id, label=LABEL, note=NOTE)
    page = open_kiosk(made.version_id)
    note = page.locator('[data-view="step"] [data-note]')
    expect(note).to_have_text(NOTE)
    expect(note).to_be_visible()
    place = note.evaluate(PLACE)
    assert place["height"] >= place["line"] - 1, place  # at least its first line
    assert abs(place["height"] / place["line"] - round(place["height"] / place["line"])) < 0.1
    assert on_screen(place), place
    buttons = page.locator('[data-view="step"] .ak-buttons').evaluate(PLACE)
    assert place["bottom"] <= buttons["top"] + 1, (place, buttons)
    label = page.locator('[data-view="step"] [data-label]').evaluate(PLACE)
    assert label["height"] >= label["line"] - 1, label  # the label gives way, not all of it
    assert label["bottom"] <= place["top"] + 1, (label, place)


# The review's rows, its scroll box and what is left of its screen.
REVIEW_ROWS = """() => {
  const section = document.querySelector('[data-view="review"]');
  const scroll = section.querySelector("[data-scroll]");
  const buttons = section.querySelector(".ak-buttons").getBoundingClientRect();
  const problems = [];
  section.querySelectorAll("tbody tr").forEach((row, index) => {
    const box = row.getBoundingClientRect();
    if (box.height === 0) problems.push(`row ${index + 1} is not shown`);
    if (box.top < scroll.getBoundingClientRect().top - 1 || box.bottom > buttons.top + 1)
      problems.push(`row ${index + 1} is outside the screen's room for the table`);
    for (const cell of [1, 3, 4]) {  // component, time, target
      const place = row.cells[cell].getBoundingClientRect();
      if (place.width === 0 || place.right > innerWidth + 1 || place.bottom > innerHeight + 1)
        problems.push(`row ${index + 1} cell ${cell + 1} is not on the screen`);
    }
  });
  if (scroll.scrollHeight > scroll.clientHeight + 1)
    problems.push(`the table needs scrolling: ${scroll.scrollHeight} in ${scroll.clientHeight}`);
  return problems;
}"""


def test_a_thirteen_step_review_fits_the_screen(make_project: MakeProject, open_kiosk) -> None:
    page = open_kiosk(make_project(THIRTEEN).version_id)
    go_to_review(page, len(THIRTEEN))
    expect(page.locator('[data-view="review"] tbody tr')).to_have_count(13)
    assert page.evaluate(REVIEW_ROWS) == []


def test_a_long_unbroken_name_leaves_time_and_target_on_the_screen(
    app: Flask, make_project: MakeProject, open_kiosk
) -> None:
    made = make_project()
    with app.app_context():
        db.session.get(Component, "anode").name = LONG_NAME
        db.session.commit()
    page = open_kiosk(made.version_id)
    go_to_review(page, 3)
    review = page.locator('[data-view="review"]')
    expect(review.locator("tbody")).to_contain_text("Polytetrafluoroethylene")
    row = review.locator("tbody tr").first
    name = row.locator("td").nth(1).evaluate(PLACE)
    for column in (3, 4):  # Time, Target
        place = row.locator("td").nth(column).evaluate(PLACE)
        assert on_screen(place), (column, place)
        assert name["right"] <= place["left"] + 1, (column, name, place)
        assert on_screen(review.locator("th").nth(column).evaluate(PLACE)), column
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREEN["width"]


# For each text in the header: how many lines it takes, and whether it is on the screen.
HEADER_LINES = """() => {
  const strip = document.querySelector(".kiosk-strip");
  const texts = [];
  const walker = document.createTreeWalker(strip, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim() || !node.parentElement.getClientRects().length) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    const tops = new Set(rects.map((r) => Math.round(r.top)));
    const right = Math.max(...rects.map((r) => r.right));
    texts.push({text: node.textContent.trim(), lines: tops.size, onScreen: right <= innerWidth});
  }
  return texts;
}"""


def test_the_header_stays_one_line_while_reconnecting(
    make_project: MakeProject, open_kiosk
) -> None:
    page = open_kiosk(make_project().version_id)
    # The indicator's longest state, set by hand: a real outage would also stop this test's server.
    page.evaluate(
        """() => {
      const conn = document.querySelector("[data-conn]");
      conn.setAttribute("data-state", "reconnecting");
      conn.querySelector("[data-conn-label]").textContent = "Reconnecting";
    }"""
    )
    texts = page.evaluate(HEADER_LINES)
    assert {"station-1", "Sign out", "Reconnecting"} <= {text["text"] for text in texts}
    assert [text for text in texts if text["lines"] != 1 or not text["onScreen"]] == []
    strip = page.locator(".kiosk-strip").evaluate(PLACE)
    assert strip["height"] < 2 * strip["line"] + 16, strip  # one row of text and its padding


def test_a_review_longer_than_the_screen_turns_its_own_pages(
    page: Page, make_project: MakeProject, open_kiosk
) -> None:
    """Thirty steps do not fit even in two columns: the list pages itself, then starts over."""
    thirty = ("anode", "separator", "cathode", "electrolyte") * 7 + ("anode", "cathode")
    page = open_kiosk(make_project(thirty).version_id)
    go_to_review(page, len(thirty))
    box = page.locator('[data-view="review"] [data-scroll]')
    assert box.evaluate("box => box.scrollHeight > box.clientHeight")
    assert box.evaluate("box => box.scrollTop") == 0
    page.wait_for_function(
        "box => box.scrollTop > 0", arg=box.element_handle(), timeout=6000
    )  # the next page, without a touch
    page.wait_for_function(
        "box => box.scrollTop === 0", arg=box.element_handle(), timeout=15000
    )  # and back to the first page at the end
