"""Legacy runs whose events contradict the step order are skipped; mere row order is not."""

from __future__ import annotations

import pytest

from tests.assembly.records import test_legacy_checks
from tests.assembly.records.test_legacy_checks import run_import, stored
from tests.assembly.records.test_legacy_event_range import durations

make_folder = test_legacy_checks.make_folder  # the fixture: project p1 of three steps

SESSION_4 = (4, "p1", "2024-03-03T09:00:00", "2024-03-03T09:02:00", "finished", "pi")
# The tester's run: step 2, then step 1, then step 3, then finish; every step "done".
BACK_AND_FORTH = [
    (4, 1, "separator", "2024-03-03T09:00:10", "shown"),
    (4, 1, "separator", "2024-03-03T09:00:20", "next"),
    (4, 0, "anode", "2024-03-03T09:00:30", "shown"),
    (4, 0, "anode", "2024-03-03T09:00:40", "next"),
    (4, 2, "cathode", "2024-03-03T09:00:50", "shown"),
    (4, 2, "cathode", "2024-03-03T09:01:00", "next"),
    (4, 3, None, "2024-03-03T09:01:10", "finish"),
]
IN_ORDER = [
    (4, 0, "anode", "2024-03-03T09:00:00", "shown"),
    (4, 0, "anode", "2024-03-03T09:00:10", "next"),
    (4, 1, "separator", "2024-03-03T09:00:10", "shown"),
    (4, 1, "separator", "2024-03-03T09:00:20", "next"),
    (4, 2, "cathode", "2024-03-03T09:00:20", "shown"),
    (4, 2, "cathode", "2024-03-03T09:00:30", "next"),
    (4, 3, None, "2024-03-03T09:00:30", "review"),
    (4, 3, None, "2024-03-03T09:00:40", "finish"),
]


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_run_that_goes_back_a_step_is_skipped(app, runner, make_folder, dry_run):
    root = make_folder([SESSION_4], BACK_AND_FORTH)
    out = run_import(runner, root, *(["--dry-run"] if dry_run else []))
    assert "imported 3 components, 1 project, 0 sessions; skipped: 1\n" in out
    assert (
        "  skipped events.db session 4: events go back from step 2 to step 1 (step 1 shown at"
        " 2024-03-03T09:00:30+00:00 after step 2 confirmed at 2024-03-03T09:00:20+00:00),"
        " so when its steps were done is not known\n" in out
    )
    assert stored(app) == []


def test_confirmations_out_of_step_order_skip_an_aborted_run_too(app, runner, make_folder):
    events = [
        (4, 0, "anode", "2024-03-03T09:00:00", "shown"),
        (4, 1, "separator", "2024-03-03T09:00:10", "shown"),
        (4, 1, "separator", "2024-03-03T09:00:20", "confirmed"),
        (4, 0, "anode", "2024-03-03T09:00:25", "confirmed"),
        (4, 1, "separator", "2024-03-03T09:00:30", "abort"),
    ]
    root = make_folder([(*SESSION_4[:4], "stopped", "pi")], events)
    out = run_import(runner, root)
    assert (
        "skipped events.db session 4: events go back from step 2 to step 1 (step 1 confirmed"
        " at 2024-03-03T09:00:25+00:00 after step 2 confirmed at 2024-03-03T09:00:20+00:00)" in out
    )
    assert stored(app) == []


def test_a_step_after_the_review_goes_back(app, runner, make_folder):
    events = [*IN_ORDER[:7], (4, 2, "cathode", "2024-03-03T09:00:35", "next"), IN_ORDER[7]]
    root = make_folder([SESSION_4], events)
    out = run_import(runner, root)
    assert (
        "skipped events.db session 4: events go back from the review to step 3 (step 3"
        " confirmed at 2024-03-03T09:00:35+00:00 after the review at 2024-03-03T09:00:30+00:00)"
        in out
    )
    assert stored(app) == []


def test_a_go_back_only_among_dropped_events_does_not_skip_the_run(app, runner, make_folder):
    late = [(4, 1, "separator", "2024-03-03T09:05:00", "shown")]
    root = make_folder([(*SESSION_4[:3], "2024-03-03T09:00:40", *SESSION_4[4:])], IN_ORDER + late)
    out = run_import(runner, root)
    assert "1 session;" in out
    assert "go back" not in out
    assert "skipped 1 event of events.db session 4 outside its start and end times" in out


def test_rows_inserted_out_of_order_are_sorted_by_time(app, runner, make_folder):
    root = make_folder([SESSION_4], list(reversed(IN_ORDER)))
    out = run_import(runner, root)
    assert out.startswith("imported 3 components, 1 project, 1 session; skipped: nothing")
    seconds, row = durations(app)
    assert seconds == [10.0, 10.0, 10.0]
    assert (row.status, row.steps_done, row.steps_total) == ("finished", 3, 3)


def test_events_at_the_same_time_are_taken_in_step_order(app, runner, make_folder):
    # Each "shown" is written before the previous step's "next" at the same second.
    events = [IN_ORDER[0], IN_ORDER[2], IN_ORDER[1], IN_ORDER[4], IN_ORDER[3], *IN_ORDER[5:]]
    root = make_folder([SESSION_4], events)
    out = run_import(runner, root)
    assert "skipped: nothing" in out
    seconds, _ = durations(app)
    assert seconds == [10.0, 10.0, 10.0]


def test_a_run_that_jumps_over_a_step_is_skipped(app, runner, make_folder):
    """Step 2 never shown: the record would count it as done, so the run is not imported."""
    jumped = [event for event in IN_ORDER if event[1] != 1]
    out = run_import(runner, make_folder([SESSION_4], jumped))
    assert (
        "  skipped events.db session 4: its events jump over step 2, so nothing proves it was"
        " done\n" in out
    )
    assert stored(app) == []
