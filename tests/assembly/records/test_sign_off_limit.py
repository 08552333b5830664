"""Refused sign-offs are rate-limited like sign-ins, so they cannot flood the audit log."""

from __future__ import annotations

import pytest
from flask import Flask

from core.audit import AuditEntry, verify
from core.extensions import db
from tests.fixtures.auth import DEFAULT_PASSWORD, csrf_token


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory(LOGIN_RATE_LIMIT="2 per minute")


def test_wrong_passwords_are_limited_and_audited_only_while_allowed(
    app, client, login, make_project, make_job, make_session, user_factory
):
    job = make_job(make_project().version_id)
    finished = make_session(job, user_factory("operator").id)
    login("supervisor")
    url = f"/assembly/sessions/{finished}/sign-off"

    def sign_off(password: str) -> int:
        data = {"password": password, "csrf_token": csrf_token(client)}
        return client.post(url, data=data).status_code

    assert [sign_off("guess one"), sign_off("guess two"), sign_off("guess three")] == [
        403,
        403,
        429,
    ]
    assert sign_off(DEFAULT_PASSWORD) == 429  # even the right one, while the limit holds
    with app.app_context():
        refused = db.session.query(AuditEntry).filter_by(
            action="assembly.session.sign_off_refused", subject_id=str(finished)
        )
        assert refused.count() == 2
        assert verify(db.session).ok
