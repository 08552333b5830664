"""The session pages in Chromium: narrow-screen tables, chart layout, compact filters."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

SINGLE_LINE_PX = 30  # a time of one text line; one character per line would be hundreds


@pytest.fixture
def aborted(make_project, make_job, make_session, user_factory) -> int:
    operator = user_factory("operator", display_name="Olga Operator")
    job = make_job(make_project().version_id, stack_id="S-17")
    return make_session(
        job, operator.id, (11.6, 48.25), status="aborted", abort_step=1, abort_reason="hold"
    )


def time_heights(page: Page, table: str) -> list[float]:
    return page.eval_on_selector_all(
        f"[{table}] time", "nodes => nodes.map(n => n.getBoundingClientRect().height)"
    )


@pytest.mark.parametrize("width", [375, 1280])
def test_detail_page_reads_at_phone_and_desktop_width(
    page: Page, sign_in, aborted, width, tmp_path
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in("supervisor")
    page.goto(f"/assembly/sessions/{aborted}")
    page.get_by_label("Abort reason code").select_option("contamination")
    page.get_by_label("Supervisor's note").fill("O2 spike at the glove port")
    page.get_by_role("button", name="Save reason").click()
    page.wait_for_selector("[data-abort-note]:has-text('O2 spike')")
    assert page.locator("[data-abort-reason]").inner_text() == "pedal held"
    page.wait_for_selector("[data-step-chart] svg")
    for table in ("data-events", "data-audit", "data-timeline"):
        heights = time_heights(page, table)
        assert all(height < SINGLE_LINE_PX for height in heights), (table, heights)
    assert time_heights(page, "data-events")  # the events table has times to measure
    # Tables scroll inside their wrapper; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    deltas = page.locator("[data-delta]").all_inner_texts()
    assert deltas == ["\u221218.4 s", "+18.2 s"]
    # The rotated step labels stay below the plot, clear of the legend at the top.
    legend_bottom = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll('[data-step-chart] svg text')]
            .filter(t => t.textContent.includes('(s)'))
            .map(t => t.getBoundingClientRect().bottom))"""
    )
    label_top = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('[data-step-chart] svg text')]
            .filter(t => /^\\d\\. /.test(t.textContent))
            .map(t => t.getBoundingClientRect().top))"""
    )
    assert legend_bottom < label_top
    page.screenshot(path=str(tmp_path / f"detail-{width}.png"), full_page=True)


def test_list_filters_are_compact_at_desktop_and_stack_on_a_phone(
    page: Page, sign_in, aborted, tmp_path
) -> None:
    sign_in("viewer")
    page.goto("/assembly/sessions")
    assert page.locator("[data-filters]").bounding_box()["height"] < 300
    page.screenshot(path=str(tmp_path / "list-1280.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    fields = page.locator("[data-filters] .field")
    widths = {round(fields.nth(i).bounding_box()["width"]) for i in range(fields.count())}
    assert len(widths) == 1  # one column of equal full-width fields
    page.screenshot(path=str(tmp_path / "list-375.png"), full_page=True)
