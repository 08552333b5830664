"""`flask users ...` creates users, lists them and sets passwords from a shell."""

from flask import Flask
from flask.testing import FlaskCliRunner

from core.auth.services import authenticate_password, get_user_by_username
from core.extensions import db


def test_users_create_reads_the_password_from_stdin(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["users", "create", "Grace", "--role", "admin", "--display-name", "Grace Hopper"],
        input="a very long password\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = authenticate_password(db.session, "grace", "a very long password")
        assert user is not None
        assert (user.role, user.display_name) == ("admin", "Grace Hopper")


def test_users_create_ends_first_run_setup(app: Flask, runner: FlaskCliRunner) -> None:
    runner.invoke(args=["users", "create", "root", "--role", "admin"], input="x" * 12 + "\n")
    assert app.test_client().get("/setup").status_code == 404


def test_users_create_refuses_bad_input(app: Flask, runner: FlaskCliRunner) -> None:
    short = runner.invoke(args=["users", "create", "tom", "--role", "operator"], input="short\n")
    assert short.exit_code != 0
    assert "password: must be at least 10 characters" in short.output
    bad_role = runner.invoke(args=["users", "create", "tom", "--role", "boss"], input="x" * 12)
    assert bad_role.exit_code != 0
    assert "boss" in bad_role.output
    with app.app_context():
        assert get_user_by_username(db.session, "tom") is None


def test_users_create_refuses_a_taken_name(runner: FlaskCliRunner, user_factory) -> None:
    user_factory("viewer", username="vera")
    result = runner.invoke(args=["users", "create", "vera", "--role", "admin"], input="x" * 12)
    assert result.exit_code != 0
    assert "username: is already taken" in result.output


def test_users_list_shows_every_user(runner: FlaskCliRunner, user_factory) -> None:
    user_factory("admin", username="alice")
    user_factory("operator", username="otto", active=False)
    result = runner.invoke(args=["users", "list"])
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["alice", "admin", "active"]
    assert lines[1].split()[:3] == ["otto", "operator", "inactive"]


def test_users_set_password(app: Flask, runner: FlaskCliRunner, user_factory) -> None:
    user_factory("operator", username="olga")
    result = runner.invoke(args=["users", "set-password", "olga"], input="another long secret\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert authenticate_password(db.session, "olga", "another long secret") is not None
    missing = runner.invoke(args=["users", "set-password", "nobody"], input="another long one")
    assert missing.exit_code != 0
    assert "no user named 'nobody'" in missing.output
