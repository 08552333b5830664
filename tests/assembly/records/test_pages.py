"""The session list and detail pages, the abort reason code and the password sign-off."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from assembly.models import AssemblySession
from assembly.records import services
from core.audit import AuditEntry, verify
from core.extensions import db
from tests.fixtures.auth import DEFAULT_PASSWORD, csrf_token

XSS = "<script>alert(1)</script>"


@pytest.fixture
def runs(make_project, make_job, make_session, user_factory):
    operator = user_factory("operator", display_name=f"Op {XSS}")
    job = make_job(make_project().version_id, stack_id=f"S-{XSS}")
    finished = make_session(job, operator.id, unit_serial=XSS)
    aborted = make_session(
        job, operator.id, (4.25, 7), status="aborted", abort_step=1, abort_reason="hold"
    )
    return finished, aborted


def state(app: Flask, session_id: int) -> tuple:
    with app.app_context():
        run = db.session.get(AssemblySession, session_id)
        audits = db.session.query(AuditEntry).filter_by(
            subject_type="assembly_session", subject_id=str(session_id)
        )
        audits = audits.count()
        return run.abort_code, run.abort_note, run.signed_off_by_id, audits


def post(client, url: str, **data: str):
    return client.post(url, data={**data, "csrf_token": csrf_token(client)})


def test_list_and_detail_escape_html(client, login, runs):
    finished, _ = runs
    login("viewer")
    for url in ("/assembly/sessions", f"/assembly/sessions/{finished}"):
        page = client.get(url).get_data(as_text=True)
        assert XSS not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_list_filters_from_query_string(client, login, runs):
    finished, aborted = runs
    login("viewer")
    page = client.get("/assembly/sessions?status=aborted").get_data(as_text=True)
    assert f'data-session-id="{aborted}"' in page
    assert f'data-session-id="{finished}"' not in page
    bad = client.get("/assembly/sessions?date_from=2026-11-22&date_to=2026-11-01&status=x")
    assert bad.status_code == 400
    assert "date_to" in bad.get_data(as_text=True)
    assert "status" in bad.get_data(as_text=True)


def test_detail_shows_timeline_and_chart(client, login, runs):
    _, aborted = runs
    login("viewer")
    page = client.get(f"/assembly/sessions/{aborted}").get_data(as_text=True)
    assert "data-step-chart-data" in page
    assert "echarts.min.js" in page
    assert "data-abort-code-form" not in page
    assert "data-sign-off-form" not in page
    assert client.get("/assembly/sessions/99999").status_code == 404


def kiosk_reason(app: Flask, session_id: int) -> str | None:
    with app.app_context():
        return db.session.get(AssemblySession, session_id).abort_reason


def test_supervisor_sets_abort_code(app, client, login, runs):
    _, aborted = runs
    login("supervisor")
    response = post(
        client, f"/assembly/sessions/{aborted}/abort-code", code="contamination", note="O2 high"
    )
    assert response.status_code == 302
    assert state(app, aborted) == ("contamination", "O2 high", None, 1)
    assert kiosk_reason(app, aborted) == "hold"  # the kiosk's reason is kept as recorded
    page = client.get(f"/assembly/sessions/{aborted}").get_data(as_text=True)
    assert dd(page, "data-abort-reason") == "pedal held"
    assert dd(page, "data-abort-code") == "Contamination"
    assert dd(page, "data-abort-note") == "O2 high"
    listed = client.get("/assembly/sessions").get_data(as_text=True)
    assert '<span class="muted" data-abort-code>Contamination</span>' in listed


def dd(page: str, marker: str) -> str:
    """Return the text of the summary value marked with a data attribute, tags removed."""
    found = re.search(rf"<dd {marker}>(.*?)</dd>", page, re.S)
    assert found, marker
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def code_form(client, session_id: int) -> tuple[str | None, str]:
    """Return the abort code form's selected code (None if none) and its note text."""
    page = client.get(f"/assembly/sessions/{session_id}").get_data(as_text=True)
    start = page.index("data-abort-code-form")
    form = page[start : page.index("</form>", start)]
    selected = re.findall(r'<option selected value="([^"]*)"', form)
    note = re.search(r"<textarea[^>]*>(.*?)</textarea>", form, re.S)
    return (selected[0] if selected else None), note.group(1).strip()


def test_abort_code_form_starts_empty_then_shows_what_was_saved(client, login, runs):
    _, aborted = runs
    login("supervisor")
    page = client.get(f"/assembly/sessions/{aborted}").get_data(as_text=True)
    assert dd(page, "data-abort-code") == "not set"
    assert code_form(client, aborted) in ((None, ""), ("", ""))  # not "other" with "hold"
    post(client, f"/assembly/sessions/{aborted}/abort-code", code="other", note="Tab torn")
    assert code_form(client, aborted) == ("other", "Tab torn")


def test_abort_code_is_required(app, client, login, runs):
    _, aborted = runs
    login("supervisor")
    response = post(client, f"/assembly/sessions/{aborted}/abort-code", code="", note="x")
    assert response.status_code == 422
    assert "Choose an abort reason code." in response.get_data(as_text=True)
    assert state(app, aborted) == (None, None, None, 0)


@pytest.mark.parametrize("role", ["operator", "viewer"])
def test_abort_code_refused_for_non_supervisors(app, client, login, runs, role):
    _, aborted = runs
    login(role)
    response = post(client, f"/assembly/sessions/{aborted}/abort-code", code="other", note="x")
    assert response.status_code == 403
    assert state(app, aborted) == (None, None, None, 0)


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"code": "sabotage", "note": ""}, 422, "Not a valid choice"),
        ({"code": "other", "note": "  "}, 422, "say what happened"),
        ({"code": "other", "note": "x" * 1001}, 422, "1000"),
    ],
)
def test_abort_code_bad_input_changes_nothing(app, client, login, runs, data, status, message):
    _, aborted = runs
    login("supervisor")
    response = post(client, f"/assembly/sessions/{aborted}/abort-code", **data)
    assert response.status_code == status
    assert message.lower() in response.get_data(as_text=True).lower()
    assert state(app, aborted) == (None, None, None, 0)


def test_abort_code_only_on_aborted_sessions(app, client, login, runs):
    finished, _ = runs
    login("supervisor")
    response = post(client, f"/assembly/sessions/{finished}/abort-code", code="other", note="x")
    assert response.status_code == 409
    assert state(app, finished) == (None, None, None, 0)


def test_abort_code_needs_csrf(app, client, login, runs):
    _, aborted = runs
    login("supervisor")
    response = client.post(f"/assembly/sessions/{aborted}/abort-code", data={"code": "other"})
    assert response.status_code == 400
    assert state(app, aborted) == (None, None, None, 0)


def test_sign_off_with_right_password(app, client, login, runs):
    finished, _ = runs
    supervisor = login("supervisor", display_name="Sue Visor")
    response = post(client, f"/assembly/sessions/{finished}/sign-off", password=DEFAULT_PASSWORD)
    assert response.status_code == 302
    assert state(app, finished) == (None, None, supervisor.id, 1)
    page = client.get(f"/assembly/sessions/{finished}").get_data(as_text=True)
    assert "Sue Visor" in page
    assert "data-sign-off-form" not in page
    again = post(client, f"/assembly/sessions/{finished}/sign-off", password=DEFAULT_PASSWORD)
    assert again.status_code == 409


def refusals(app: Flask, session_id: int) -> list[AuditEntry]:
    """Return the refused sign-offs audited about a session, oldest first."""
    with app.app_context():
        query = db.session.query(AuditEntry).filter_by(
            action="assembly.session.sign_off_refused",
            subject_type="assembly_session",
            subject_id=str(session_id),
        )
        entries = query.order_by(AuditEntry.id).all()
        db.session.expunge_all()
        return entries


def chain_ok(app: Flask) -> bool:
    with app.app_context():
        return verify(db.session).ok


def test_sign_off_with_wrong_password_changes_nothing_but_is_audited(app, client, login, runs):
    finished, _ = runs
    supervisor = login("supervisor", display_name="Sue Visor")
    typed = "Wrong-Secret-7731"
    response = post(client, f"/assembly/sessions/{finished}/sign-off", password=typed)
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "not your password" in page
    assert state(app, finished)[:3] == (None, None, None)  # the session is untouched
    (entry,) = refusals(app, finished)
    assert (entry.actor_type, entry.actor_id, entry.actor_name) == (
        "user",
        str(supervisor.id),
        "Sue Visor",
    )
    assert entry.remote_addr
    assert entry.detail_data() == {"reason": "wrong password", "user_id": supervisor.id}
    assert typed not in entry.canonical().decode()
    assert chain_ok(app)
    assert "assembly.session.sign_off_refused" in page  # shown in the session's audit trail
    # The refusal is committed on its own: the right password still signs off after it.
    right = post(client, f"/assembly/sessions/{finished}/sign-off", password=DEFAULT_PASSWORD)
    assert right.status_code == 302
    assert state(app, finished) == (None, None, supervisor.id, 2)
    assert chain_ok(app)


def test_refused_sign_off_commits_only_its_audit_entry(app, runs, user_factory):
    finished, _ = runs
    operator = user_factory("operator")
    supervisor = user_factory("supervisor")
    actor = {"actor_type": "user", "actor_id": 1, "actor_name": "x", "remote_addr": "10.0.0.9"}
    attempts = [(operator.id, DEFAULT_PASSWORD), (supervisor.id, "not it"), (999, "")]
    with app.app_context():
        for user_id, password in attempts:
            # Something left pending in the caller's transaction must not ride along.
            db.session.get(AssemblySession, finished).abort_note = "smuggled"
            with pytest.raises(services.RecordError) as refused:
                services.sign_off(db.session, finished, user_id, password, actor=actor)
            assert refused.value.status == 403
        db.session.rollback()
    assert state(app, finished) == (None, None, None, 3)
    assert [entry.detail_data() for entry in refusals(app, finished)] == [
        {"reason": "not allowed", "user_id": operator.id},
        {"reason": "wrong password", "user_id": supervisor.id},
        {"reason": "not allowed", "user_id": 999},
    ]
    assert chain_ok(app)


def test_sign_off_refused_for_the_session_state_is_not_audited(app, client, login, runs):
    _, aborted = runs
    login("supervisor")
    response = post(client, f"/assembly/sessions/{aborted}/sign-off", password=DEFAULT_PASSWORD)
    assert response.status_code == 409  # no abort code yet: a state conflict, not an attempt
    assert refusals(app, aborted) == []


def test_aborted_session_needs_code_before_sign_off(app, client, login, runs):
    _, aborted = runs
    supervisor = login("supervisor")
    url = f"/assembly/sessions/{aborted}"
    assert post(client, f"{url}/sign-off", password=DEFAULT_PASSWORD).status_code == 409
    post(client, f"{url}/abort-code", code="operator_error", note="")
    assert post(client, f"{url}/sign-off", password=DEFAULT_PASSWORD).status_code == 302
    assert state(app, aborted)[2:] == (supervisor.id, 2)
    # A signed-off record is closed.
    assert post(client, f"{url}/abort-code", code="other", note="late").status_code == 409


def test_operator_cannot_sign_off(app, client, login, runs):
    finished, _ = runs
    login("operator")
    response = post(client, f"/assembly/sessions/{finished}/sign-off", password=DEFAULT_PASSWORD)
    assert response.status_code == 403
    assert state(app, finished) == (None, None, None, 0)
