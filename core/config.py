"""Configuration read from the environment, a .env file and the instance folder."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parent.parent
VERSION = "0.1.0"
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """A configuration value cannot be used; the message names the variable."""


def env_flag(name: str, default: bool, environ: Mapping[str, str]) -> bool:
    """Read an on/off variable, refusing anything that is neither."""
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be on or off, not {raw!r}")


def env_int(name: str, default: int, environ: Mapping[str, str]) -> int:
    """Read an integer variable, refusing anything that is not one."""
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def env_float(name: str, default: float, environ: Mapping[str, str]) -> float:
    """Read a non-negative number variable, refusing anything that is not one."""
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None
    if value < 0:
        raise ConfigError(f"{name} must not be negative, not {raw!r}")
    return value


def read_or_create_secret(path: Path) -> str:
    """Return the secret key stored at path, creating it (mode 0600) on first use."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


class Config:
    """Settings for a running ShopTwin; every value can come from the environment."""

    TESTING = False
    SIMULATORS_DEFAULT = True

    def __init__(self, environ: Mapping[str, str] | None = None, **overrides: Any) -> None:
        if environ is None:
            load_dotenv(ROOT / ".env")
            environ = os.environ
        instance = Path(environ.get("INSTANCE_PATH") or ROOT / "instance").resolve()
        self.INSTANCE_PATH = str(instance)
        self.VERSION = VERSION
        self.SECRET_KEY = environ.get("SECRET_KEY") or read_or_create_secret(
            instance / "secret_key"
        )
        self.SQLALCHEMY_DATABASE_URI = environ.get("DATABASE_URL") or (
            f"sqlite:///{instance / 'shoptwin.db'}"
        )
        self.SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
        self.UPLOAD_FOLDER = str(instance / "uploads")
        self.MODEL_FOLDER = str(instance / "models")
        self.DEVICE_ID = environ.get("DEVICE_ID") or "station-1"
        self.KIOSK_HOME = environ.get("KIOSK_HOME") or "/assembly/kiosk"
        self.GPIOZERO_PIN_FACTORY = environ.get("GPIOZERO_PIN_FACTORY") or "mock"
        self.FOOT_SWITCH_PIN = env_int("FOOT_SWITCH_PIN", 27, environ)
        self.FOOT_SWITCH_HOLD_S = env_float("FOOT_SWITCH_HOLD_S", 10.0, environ)
        self.ASSEMBLY_ABORT_HOLD_S = env_float("ASSEMBLY_ABORT_HOLD_S", 10.0, environ)
        self.ASSEMBLY_MIN_STEP_S = env_float("ASSEMBLY_MIN_STEP_S", 1.0, environ)
        self.MQTT_URL = environ.get("MQTT_URL", "")
        self.SIMULATORS = env_flag("SIMULATORS", self.SIMULATORS_DEFAULT, environ)
        self.CLOCK_RT_PRIORITY = env_int("CLOCK_RT_PRIORITY", 10, environ)
        self.HARDWARE = env_flag("HARDWARE", self.SIMULATORS_DEFAULT, environ)
        self.HOST = environ.get("HOST") or "127.0.0.1"
        self.PORT = env_int("PORT", 8000, environ)
        secure = env_flag("COOKIE_SECURE", False, environ)
        self.SESSION_COOKIE_SECURE = secure
        self.REMEMBER_COOKIE_SECURE = secure
        self.SESSION_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.MAX_CONTENT_LENGTH = env_int("MAX_CONTENT_LENGTH", 16 * 1024 * 1024, environ)
        self.RATELIMIT_STORAGE_URI = environ.get("RATELIMIT_STORAGE_URI") or "memory://"
        self.LOGIN_RATE_LIMIT = environ.get("LOGIN_RATE_LIMIT") or "10 per minute"
        self.PASSWORD_HASH_PROFILE = environ.get("PASSWORD_HASH_PROFILE") or "default"
        self.SOCKETIO_MESSAGE_QUEUE = message_queue_url(environ)
        self.PROXY_COUNT = env_int("PROXY_COUNT", 0, environ)
        if self.PROXY_COUNT < 0:
            raise ConfigError(f"PROXY_COUNT must not be negative, not {self.PROXY_COUNT}")
        self.LOG_FORMAT = environ.get("LOG_FORMAT") or "json"
        self.WTF_CSRF_TIME_LIMIT = None
        for key, value in overrides.items():
            setattr(self, key, value)

    def as_dict(self) -> dict[str, Any]:
        """Return the upper-case settings, as Flask's config wants them."""
        return {key: getattr(self, key) for key in dir(self) if key.isupper()}


def message_queue_url(environ: Mapping[str, str]) -> str | None:
    """Read SOCKETIO_MESSAGE_QUEUE: empty, or a Redis URL (the only queue installed)."""
    raw = (environ.get("SOCKETIO_MESSAGE_QUEUE") or "").strip()
    if raw and not raw.lower().startswith(("redis://", "rediss://")):
        # Only the scheme is quoted: the URL may hold a password, and this lands in the journal.
        scheme = raw.split("://", 1)[0] + "://" if "://" in raw else "a value with no scheme"
        raise ConfigError(
            f"SOCKETIO_MESSAGE_QUEUE must be a redis:// or rediss:// URL, not {scheme}"
        )
    return raw or None


class TestConfig(Config):
    """Config for tests: no clock, no GPIO, no broker; the real environment is ignored."""

    TESTING = True
    SIMULATORS_DEFAULT = False

    def __init__(self, environ: Mapping[str, str] | None = None, **overrides: Any) -> None:
        # argon2id's cheapest profile: the suite hashes hundreds of passwords.
        environ = {
            "SECRET_KEY": "test-secret",
            "LOG_FORMAT": "plain",
            "PASSWORD_HASH_PROFILE": "cheapest",
            **(environ or {}),
        }
        super().__init__(environ, **overrides)
