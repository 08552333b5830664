"""Configuration comes from the environment and refuses values it cannot use."""

from __future__ import annotations

import stat

import pytest

from core.config import Config, ConfigError


def test_secret_key_is_generated_once_with_mode_0600(tmp_path) -> None:
    first = Config({"INSTANCE_PATH": str(tmp_path)})
    second = Config({"INSTANCE_PATH": str(tmp_path)})
    assert first.SECRET_KEY == second.SECRET_KEY
    assert len(first.SECRET_KEY) == 64
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_environment_values_are_read(tmp_path) -> None:
    config = Config(
        {
            "INSTANCE_PATH": str(tmp_path),
            "DATABASE_URL": "postgresql+psycopg://u@h/db",
            "SIMULATORS": "off",
            "PORT": "8080",
            "ASSEMBLY_ABORT_HOLD_S": "2.5",
        }
    )
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@h/db"
    assert config.SIMULATORS is False
    assert config.PORT == 8080
    assert config.ASSEMBLY_ABORT_HOLD_S == 2.5


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SIMULATORS", "maybe"),
        ("PORT", "eighty"),
        ("ASSEMBLY_MIN_STEP_S", "-1"),
        ("SOCKETIO_MESSAGE_QUEUE", "amqp://guest@localhost//"),
    ],
)
def test_unusable_values_are_refused_naming_the_variable(tmp_path, name, value) -> None:
    with pytest.raises(ConfigError, match=name):
        Config({"INSTANCE_PATH": str(tmp_path), name: value})


def test_a_refused_message_queue_url_is_quoted_without_its_password(tmp_path) -> None:
    url = "amqp://user:s3cretpw@mq.local:5672/"
    with pytest.raises(ConfigError) as refused:
        Config({"INSTANCE_PATH": str(tmp_path), "SOCKETIO_MESSAGE_QUEUE": url})
    assert str(refused.value) == (
        "SOCKETIO_MESSAGE_QUEUE must be a redis:// or rediss:// URL, not amqp://"
    )
