"""The assembly kiosk's views on the glove-box screens: nothing overlaps the buttons, nothing
is cut off, and the longest texts leave the timer and "Next" in view."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from assembly.catalogue.services import images
from assembly.models import Component, ProjectStep
from core.extensions import db
from tests.e2e.kiosk import DWELL_S, HOLD_S, badge_in, shows_step, tap
from tests.fixtures.assembly import MakeProject
from tests.fixtures.auth import UserFactory
from tests.fixtures.images import image_bytes

pytestmark = pytest.mark.browser


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory(ASSEMBLY_ABORT_HOLD_S=HOLD_S, ASSEMBLY_MIN_STEP_S=DWELL_S)


LAYOUT_PROBLEMS = """(view) => {
  const problems = [];
  const section = document.querySelector(`[data-view="${view}"]`);
  const box = (el) => el.getBoundingClientRect();
  const shown = (el) => el && el.getClientRects().length > 0 && box(el).height > 0;
  const name = (el) => el.getAttribute("class") || el.tagName;
  const inside = (el, outer, what) => {
    const a = box(el), b = outer;
    const out = a.top < b.top - 1 || a.bottom > b.bottom + 1;
    if (out || a.left < b.left - 1 || a.right > b.right + 1)
      problems.push(`${name(el)} is cut off by ${what}`);
  };
  if (!shown(section)) return [`${view} is not shown`];
  const screen = {top: 0, left: 0, bottom: innerHeight, right: innerWidth};
  const buttons = section.querySelector(".ak-buttons");
  section.querySelectorAll(".ak-buttons .button").forEach((b) => inside(b, screen, "the screen"));
  const key = {
    queue: ["h1", "[data-job]"],
    step: [".ak-meta", "[data-step-count]", "[data-visual]", "[data-component]", "[data-label]",
           "[data-timer]", ".ak-next", "[data-confirm]"],
    review: ["h1", ".ak-meta", "thead tr", "tbody tr"],
    summary: ["h1", "[data-summary-detail]", "thead tr", "tbody tr"],
  }[view];
  for (const selector of key) {
    const el = section.querySelector(selector);
    if (!shown(el)) {
      if (selector !== "[data-confirm]") problems.push(`${selector} is not shown`);
      continue;
    }
    inside(el, screen, "the screen");
    if (buttons && box(el).bottom > box(buttons).top + 1)
      problems.push(`${selector} reaches the buttons`);
    const scroller = el.closest(".ak-main, .ak-scroll");
    if (scroller && !selector.startsWith("tbody")) inside(el, box(scroller), "its area");
    if (el.scrollWidth > el.clientWidth + 1)
      problems.push(`${selector} text is wider than its box`);
  }
  const component = section.querySelector("[data-component]");
  if (view === "step") {
    const text = component.firstChild;
    let at = 0;
    for (const word of component.textContent.split(" ")) {
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + word.length);
      if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1)
        problems.push(`the word ${word} breaks across lines`);
      at += word.length + 1;
    }
    const px = parseFloat(getComputedStyle(component).fontSize);
    if (px < 44) problems.push(`the component name is only ${px}px`);
    const confirm = section.querySelector("[data-confirm]");
    if (shown(confirm) && box(confirm).top < box(component).bottom)
      problems.push("the prompt covers the component name");
  }
  if (buttons && section.querySelector(".ak-scroll")) {
    const first = section.querySelector("tbody tr");
    if (first) inside(first, box(section.querySelector(".ak-scroll")), "its scroll area");
  }
  return problems;
}"""


# Forty more rows, as a long stack would have: the list must scroll inside its area.
LONG_REVIEW = """() => {
  const body = document.querySelector('[data-view="review"] tbody');
  const row = body.rows[0];
  for (let i = 0; i < 40; i += 1) body.append(row.cloneNode(true));
}"""


def laid_out(page: Page, view: str, size: tuple[int, int]) -> None:
    """Assert the view is shown with its key content clear of the buttons and not cut off."""
    expect(page.locator(f'[data-view="{view}"]')).to_be_visible()
    page.wait_for_timeout(60)  # let the name fitting run on the next frame
    problems = page.evaluate(LAYOUT_PROBLEMS, view)
    assert problems == [], f"{view} at {size[0]}x{size[1]}: {problems}"


@pytest.mark.parametrize("size", [(800, 480), (1024, 600), (1280, 800)], ids=str)
def test_every_view_fits_the_screen(
    page: Page,
    app: Flask,
    user_factory: UserFactory,
    make_project: MakeProject,
    make_job,
    size: tuple[int, int],
) -> None:
    made = make_project(("anode", "separator", "electrolyte"), critical=("separator",))
    with app.app_context():
        separator = db.session.get(Component, "separator")
        separator.image = images.store_image(
            db.session, image_bytes("PNG", (240, 120), (240, 240, 240)), "png"
        )
        # A long name that must wrap between words, never inside one.
        db.session.get(Component, "electrolyte").name = "Glass fibre separator membrane"
        first = db.session.scalars(
            select(ProjectStep).where(ProjectStep.version_id == made.version_id)
        ).first()
        first.note = "Tab faces the operator; check that the seal is clean before placing it."
        db.session.commit()
    make_job(made.version_id, stack_id="STACK-2026-11-22-LINE-THREE-0001")
    page.set_viewport_size({"width": size[0], "height": size[1]})
    badge_in(page, user_factory)
    laid_out(page, "queue", size)
    tap(page)
    shows_step(page, "Anode", 1)
    laid_out(page, "step", size)
    tap(page)
    shows_step(page, "Separator", 2)
    tap(page)  # a critical component asks for a second press
    expect(page.locator("[data-confirm]")).to_be_visible()
    assert page.locator("[data-message]").is_hidden()  # one prompt, not two (checked at once:
    # a message hides by itself after a few seconds, so awaiting "hidden" would always pass)
    laid_out(page, "step", size)
    tap(page)
    shows_step(page, "Glass fibre separator membrane", 3)
    expect(page.locator("[data-confirm]")).to_be_hidden()
    laid_out(page, "step", size)
    tap(page)
    laid_out(page, "review", size)
    page.evaluate(LONG_REVIEW)
    laid_out(page, "review", size)  # a long list scrolls; Finish stays on screen
    tap(page)
    expect(page.locator("[data-summary-title]")).to_have_text("Finished")
    laid_out(page, "summary", size)
    assert page.locator("[data-message]").is_hidden()


NAME = "Lithium-silicon alloy anode pellet on a nickel mesh current collector"


@pytest.mark.parametrize("size", [(800, 480), (1280, 800)], ids=str)
def test_the_longest_label_leaves_the_timer_and_next_in_view(
    page: Page,
    app: Flask,
    user_factory: UserFactory,
    make_project: MakeProject,
    make_job,
    size: tuple[int, int],
) -> None:
    made = make_project(critical=("anode",))
    with app.app_context():
        first = db.session.scalars(
            select(ProjectStep).where(ProjectStep.version_id == made.version_id)
        ).first()
        first.label = ("Press the tab down firmly, then check that the seal is clean " * 4)[:200]
        first.note = "Tab faces the operator."
        db.session.get(Component, "anode").name = NAME
        db.session.commit()
    make_job(made.version_id)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    badge_in(page, user_factory)
    tap(page)
    shows_step(page, NAME, 1)
    for moment in ("step", "critical prompt"):
        if moment == "critical prompt":
            tap(page)
            expect(page.locator("[data-confirm]")).to_be_visible()
        page.wait_for_timeout(60)
        problems = page.evaluate(LAYOUT_PROBLEMS, "step")
        # The name may go below its usual size here; nothing may be cut off or hidden.
        assert [p for p in problems if "component name is only" not in p] == [], moment
        # A label too long to show whole ends on a whole line, never cut through one.
        lines = page.evaluate(WHOLE_LINES, "[data-view='step'] [data-label]")
        assert lines >= 1, (moment, lines)
        assert abs(lines - round(lines)) < 0.1, (moment, lines)


# How many lines of its text an element shows (a whole number unless a line is cut through).
WHOLE_LINES = """(selector) => {
  const label = document.querySelector(selector);
  return label.getBoundingClientRect().height / parseFloat(getComputedStyle(label).lineHeight);
}"""
