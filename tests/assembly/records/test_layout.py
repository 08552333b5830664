"""What the record pages show: millisecond event times, delta badges, chart options, filters."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[3] / "static" / "css" / "assembly-records.css"


@pytest.fixture
def aborted(make_project, make_job, make_session, user_factory) -> int:
    operator = user_factory("operator")
    made = make_project(steps=("anode", "cathode", "electrolyte"), target_seconds=30)
    job = make_job(made.version_id)
    return make_session(
        job, operator.id, (11.6, 48.25), status="aborted", abort_step=1, abort_reason="hold"
    )


def detail(client, login, session_id: int) -> str:
    login("viewer")
    response = client.get(f"/assembly/sessions/{session_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def section(page: str, marker: str) -> str:
    start = page.index(marker)
    return page[start : page.index("</table>", start)]


def test_event_times_show_milliseconds(client, login, aborted):
    events = section(detail(client, login, aborted), "data-events")
    shown = re.findall(r"<time datetime=\"([^\"]+)\">([^<]+)</time>", events)
    # Shown at 08:00:00, step 2 at 11.6 s, abort 48.25 s later; same day as the start.
    assert [text for _, text in shown] == ["08:00:00.000", "08:00:11.600", "08:00:59.850"]
    assert shown[1][0] == "2026-11-20T08:00:11.600+00:00"


def test_times_and_addresses_sit_in_scrolling_tables_without_wrapping(client, login, aborted):
    page = detail(client, login, aborted)
    assert "css/assembly-records.css" in page
    for marker in ("data-events", "data-audit", "data-timeline"):
        before = page[: page.index(marker)]
        assert before.rstrip().endswith('<div class="table-wrap">\n    <table')
    assert '<td class="nowrap">station-1</td>' in section(page, "data-events")
    css = CSS.read_text()
    assert re.search(
        r"\.records-page time,\s*\.records-page \.nowrap \{\s*white-space: nowrap;", css
    )
    assert '<div class="records-page">' in page


def test_delta_badges_keep_lower_case_and_a_true_minus(client, login, aborted):
    timeline = section(detail(client, login, aborted), "data-timeline")
    deltas = re.findall(
        r'<span class="badge badge-(\w+) delta" data-delta>([^<]+)</span>', timeline
    )
    # Step 1 took 11.6 s against 30 s; step 2 was aborted after 48.25 s against 30 s.
    assert deltas == [("ok", "\u221218.4 s"), ("bad", "+18.2 s")]  # as rendered: test_browser


def test_chart_options_keep_rotated_labels_clear_of_the_legend(client, login, aborted):
    page = detail(client, login, aborted)
    found = re.search(
        r"<script type=\"application/json\" data-step-chart-data>(.*?)</script>", page
    )
    options = json.loads(found.group(1))
    assert options["legend"]["top"] == 0
    assert options["grid"]["containLabel"] is True
    assert options["grid"]["top"] >= 32  # room for the legend above the plot
    assert options["xAxis"]["axisLabel"]["rotate"] == 30
    assert options["xAxis"]["data"] == ["1. Anode", "2. Cathode", "3. Electrolyte"]
    bars = options["series"][0]["data"]
    assert [bar["value"] for bar in bars] == [11.6, 48.25, None]
    assert bars[0]["itemStyle"]["color"] != bars[1]["itemStyle"]["color"]  # over target is red
    assert options["series"][1]["data"] == [30, 30, 30]


def test_list_filters_form_a_compact_grid(client, login, aborted):
    login("viewer")
    page = client.get("/assembly/sessions").get_data(as_text=True)
    form = page[page.index("data-filters") : page.index("</form>", page.index("data-filters"))]
    assert 'class="card records-filters" role="search"' in page
    assert form.count('class="field') == 7
    assert "records-filter-actions" in form
    css = CSS.read_text()
    assert "grid-template-columns: repeat(auto-fit, minmax(min(12rem, 100%), 1fr));" in css
