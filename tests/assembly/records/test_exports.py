"""XLSX and CSV exports of the session list, of one session, and of its audit trail."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook

from assembly.floor import progress, start
from core.extensions import db
from tests.fixtures.assembly_sessions import T0
from tests.fixtures.auth import csrf_token

LIST_HEADER = [
    "Session", "Job", "Stack id", "Unit serial", "Project id", "Project", "Version", "Operator",
    "Station", "Start (UTC)", "End (UTC)", "Duration (s)", "Status", "Steps done", "Steps total",
    "Abort step", "Abort reason", "Abort code", "Abort note", "Signed off by",
    "Signed off at (UTC)",
]  # fmt: skip
NAIVE_T0 = T0.replace(tzinfo=None)


@pytest.fixture
def two_sessions(make_project, make_job, make_session, user_factory):
    operator = user_factory("operator", username="olga", display_name="=HYPERLINK(1)")
    made = make_project()
    job = make_job(made.version_id, stack_id="@evil")
    finished = make_session(job, operator.id, unit_serial="U-7")
    aborted = make_session(
        job,
        operator.id,
        (4, 7),
        status="aborted",
        abort_step=1,
        abort_reason="-dropped\tcell",
        started_at=T0 + timedelta(hours=1),
    )
    return job, finished, aborted


def workbook(response):
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    data = response.data
    response.close()  # a server closes the temporary file once sent; the test client does not
    return load_workbook(io.BytesIO(data))


def rows_of(response):
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))


def test_list_xlsx_with_zero_sessions(client, login):
    login("viewer")
    response = client.get("/assembly/sessions/export.xlsx")
    sheet = workbook(response).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [LIST_HEADER]
    assert "assembly-sessions-" in response.headers["Content-Disposition"]


def test_list_csv_with_zero_sessions(client, login):
    login("viewer")
    assert rows_of(client.get("/assembly/sessions/export.csv")) == [LIST_HEADER]


def test_list_xlsx_cell_by_cell(client, login, two_sessions):
    job, finished, aborted = two_sessions
    login("supervisor")
    sheet = workbook(client.get("/assembly/sessions/export.xlsx")).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == LIST_HEADER
    # Text is kept exactly as typed, in string cells, which spreadsheets never evaluate.
    assert rows[1] == [
        aborted, job, "@evil", None, "stack-a", "Stack A", 1, "=HYPERLINK(1)", "station-1",
        NAIVE_T0 + timedelta(hours=1), NAIVE_T0 + timedelta(hours=1, seconds=11), 11,
        "aborted", 1, 3, 2, "-dropped\tcell", None, None, None, None,
    ]  # fmt: skip
    assert rows[2] == [
        finished, job, "@evil", "U-7", "stack-a", "Stack A", 1, "=HYPERLINK(1)", "station-1",
        NAIVE_T0, NAIVE_T0 + timedelta(seconds=65), 65, "finished", 3, 3,
        None, None, None, None, None, None,
    ]  # fmt: skip
    assert isinstance(rows[2][9], datetime)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    texts = [
        cell for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)
    ]
    assert texts
    assert all(cell.data_type == "s" for cell in texts)


@pytest.mark.parametrize("serial", ["=1+2", "+1+2", "-1", "@SUM(A1)", "'quoted"])
def test_formula_like_text_is_kept_exactly_in_xlsx_and_neutralised_in_csv(
    client, login, make_project, make_job, make_session, user_factory, serial
):
    job = make_job(make_project().version_id)
    run = make_session(job, user_factory("operator").id, unit_serial=serial)
    login("viewer")
    for url in ("/assembly/sessions/export.xlsx", f"/assembly/sessions/{run}/export.xlsx"):
        book = workbook(client.get(url))
        cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value == serial]
        assert cells, url
        assert all(cell.data_type == "s" for cell in cells)
    listed = rows_of(client.get("/assembly/sessions/export.csv"))
    csv_serial = dict(zip(listed[0], listed[1], strict=True))["Unit serial"]
    assert csv_serial == (serial if serial.startswith("'") else "'" + serial)


def test_list_exports_follow_the_filters(client, login, two_sessions):
    _, _, aborted = two_sessions
    login("viewer")
    rows = rows_of(client.get("/assembly/sessions/export.csv?status=aborted"))
    assert [row[0] for row in rows[1:]] == [str(aborted)]
    sheet = workbook(client.get("/assembly/sessions/export.xlsx?status=finished")).active
    assert [row[12].value for row in sheet.iter_rows(min_row=2)] == ["finished"]
    assert client.get("/assembly/sessions/export.csv?date_from=nope").status_code == 400


def test_list_csv_iso_utc_and_neutralised(client, login, two_sessions):
    login("viewer")
    rows = rows_of(client.get("/assembly/sessions/export.csv"))
    finished = rows[2]
    assert finished[9] == "2026-11-20T08:00:00.000+00:00"
    assert finished[10] == "2026-11-20T08:01:05.000+00:00"
    assert (finished[2], finished[7]) == ("'@evil", "'=HYPERLINK(1)")
    assert rows[1][16] == "'-dropped\tcell"


def test_many_sessions_export(client, login, make_project, make_job, make_session, user_factory):
    operator = user_factory("operator")
    job = make_job(make_project().version_id)
    for n in range(120):
        make_session(job, operator.id, (1, 1, 1), started_at=T0 + timedelta(minutes=n))
    login("viewer")
    assert len(rows_of(client.get("/assembly/sessions/export.csv"))) == 121
    assert workbook(client.get("/assembly/sessions/export.xlsx")).active.max_row == 121


def test_one_session_xlsx_sheets(client, login, two_sessions):
    _, finished, _ = two_sessions
    login("viewer")
    response = client.get(f"/assembly/sessions/{finished}/export.xlsx")
    book = workbook(response)
    assert book.sheetnames == ["Timeline", "Summary"]
    assert f"assembly-session-{finished}.xlsx" in response.headers["Content-Disposition"]
    timeline = [[c.value for c in row] for row in book["Timeline"].iter_rows()]
    assert timeline[0][:9] == [
        "Step", "Component", "Component id", "Label", "Start (UTC)", "End (UTC)",
        "Duration (s)", "Target (s)", "Delta to target (s)",
    ]  # fmt: skip
    assert [row[0] for row in timeline[1:]] == [1, 2, 3]
    assert [row[4] for row in timeline[1:]] == [
        NAIVE_T0, NAIVE_T0 + timedelta(seconds=10), NAIVE_T0 + timedelta(seconds=30),
    ]  # fmt: skip
    assert [(row[6], row[7], row[8]) for row in timeline[1:]] == [
        (10, 30, -20),
        (20, 30, -10),
        (30, 30, 0),
    ]
    summary = dict(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["Status"] == "finished"
    assert summary["Steps done"] == 3
    assert summary["Duration (s)"] == 65


def test_one_session_csv(client, login, two_sessions):
    _, _, aborted = two_sessions
    login("viewer")
    rows = rows_of(client.get(f"/assembly/sessions/{aborted}/export.csv"))
    assert rows[0][0] == "Step"
    assert len(rows[1:4]) == 3
    assert rows[2][6] == "7.0"
    assert rows[3][6] == ""
    blank = rows.index([])
    summary = dict(row for row in rows[blank + 2 :])
    assert summary["Status"] == "aborted"
    assert summary["Abort step"] == "2"
    assert summary["Abort component"] == "Cathode"


def test_an_abort_in_the_review_is_no_step_and_its_press_reads_plainly(
    client, login, make_project, make_job, make_session, user_factory
):
    job = make_job(make_project().version_id)
    operator = user_factory("operator")
    review = make_session(
        job, operator.id, (4, 5, 6), status="aborted", abort_step=3, abort_reason="hold"
    )
    login("viewer")
    rows = rows_of(client.get(f"/assembly/sessions/{review}/export.csv"))
    summary = dict(row for row in rows[rows.index([]) + 2 :])
    assert (summary["Abort step"], summary["Abort component"]) == ("review", "")
    assert summary["Abort reason"] == "pedal held"
    listed = rows_of(client.get("/assembly/sessions/export.csv"))
    row = dict(zip(listed[0], listed[1], strict=True))
    assert (row["Abort step"], row["Abort reason"]) == ("review", "pedal held")
    page = client.get(f"/assembly/sessions/{review}").get_data(as_text=True)
    assert "<dt>Aborted at</dt><dd>review</dd>" in page


def coded_by_supervisor(client, login, session_id: int) -> None:
    """Sign in as a supervisor and set code "contamination" with the note "O2 spike"."""
    login("supervisor")
    response = client.post(
        f"/assembly/sessions/{session_id}/abort-code",
        data={"code": "contamination", "note": "O2 spike", "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302


def test_audit_csv_has_audit_entries_and_events(client, login, two_sessions):
    _, _, aborted = two_sessions
    coded_by_supervisor(client, login, aborted)
    rows = rows_of(client.get(f"/assembly/sessions/{aborted}/audit.csv"))
    assert rows[0][:3] == ["At (UTC)", "Source", "What"]
    what = [(row[1], row[2]) for row in rows[1:]]
    assert what == [
        ("step_event", "shown"),
        ("step_event", "shown"),
        ("step_event", "abort"),
        ("audit", "assembly.session.abort_code"),
    ]
    assert rows[1][0] == "2026-11-20T09:00:00.000+00:00"
    assert '"code":"contamination"' in rows[4][7]


def test_exports_keep_kiosk_reason_beside_code_and_note(client, login, two_sessions):
    _, _, aborted = two_sessions
    coded_by_supervisor(client, login, aborted)
    rows = rows_of(client.get("/assembly/sessions/export.csv?status=aborted"))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert (record["Abort reason"], record["Abort code"], record["Abort note"]) == (
        "'-dropped\tcell",
        "contamination",
        "O2 spike",
    )
    sheet = workbook(client.get("/assembly/sessions/export.xlsx?status=aborted")).active
    header, values = ([c.value for c in row] for row in sheet.iter_rows())
    assert header.index("Abort note") == header.index("Abort code") + 1
    assert values[header.index("Abort note")] == "O2 spike"
    one = rows_of(client.get(f"/assembly/sessions/{aborted}/export.csv"))
    summary = dict(row for row in one[one.index([]) + 2 :])
    assert summary["Abort reason"] == "'-dropped\tcell"
    assert summary["Abort code"] == "contamination (Contamination)"
    assert summary["Abort note"] == "O2 spike"


def test_missing_session_exports_are_404(client, login):
    login("viewer")
    for suffix in ("export.csv", "export.xlsx", "audit.csv"):
        assert client.get(f"/assembly/sessions/999/{suffix}").status_code == 404


@pytest.fixture
def kiosk_run(app, make_project, make_job, user_factory) -> int:
    """Run a 3-step session through the kiosk's own service: next x3 (into review), finish."""
    job = make_job(make_project().version_id)
    operator = user_factory("operator")
    station = app.config["DEVICE_ID"]
    with app.app_context():
        run = start(db.session, job, operator, station, now=T0).session.id
        for step, action in enumerate(("next", "next", "next", "finish")):
            moment = T0 + timedelta(seconds=10 * (step + 1))
            progress(db.session, run, action, step, operator, station, moment)
    return run


def test_audit_csv_counts_steps_from_1_and_says_how_the_detail_counts(client, login, kiosk_run):
    login("viewer")
    rows = rows_of(client.get(f"/assembly/sessions/{kiosk_run}/audit.csv"))
    header = rows[0]
    assert header[3] == "Step"
    assert header[7] == "Detail (JSON as recorded; step numbers in it count from 0)"
    events = {(row[2], row[3]) for row in rows[1:] if row[1] == "step_event"}
    shown = sorted(step for kind, step in events if kind == "shown")
    assert shown == ["1", "2", "3"]
    # Review and finish are recorded one past the last step: no "step 4" of a 3-step project.
    assert ("review", "review") in events
    assert ("finish", "review") in events
    assert not any(step == "4" for _, step in events)
    # Audit rows keep their detail verbatim, as hash-chained: the first "next" moved to index 1.
    nexts = [row for row in rows[1:] if row[2] == "assembly.session.next"]
    assert nexts[0][3] == ""
    assert json.loads(nexts[0][7])["step"] == 1
    assert json.loads(nexts[0][7])["completed"] == 0


def test_detail_page_steps_read_like_the_timeline(client, login, kiosk_run):
    login("viewer")
    page = client.get(f"/assembly/sessions/{kiosk_run}").get_data(as_text=True)
    start_at = page.index("data-events")
    events = page[start_at : page.index("</table>", start_at)]
    steps = re.findall(r"<tr><td><time[^>]*>[^<]*</time></td><td>([^<]*)</td>", events)
    assert set(steps) == {"1", "2", "3", "review"}
    assert "data-trail-note" in page
    assert "count from 0" in page
