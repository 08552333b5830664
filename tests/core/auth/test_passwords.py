"""Secrets people pick are argon2id hashes; badges and tokens are stored as sha256 only."""

import hashlib

from argon2 import PasswordHasher
from flask import Flask

from core.auth.hashing import hash_secret
from core.auth.models import DeviceToken, User
from core.extensions import db
from tests.fixtures.auth import DEFAULT_PASSWORD


def test_password_and_pin_are_argon2id_hashes(app: Flask, user_factory) -> None:
    made = user_factory("operator", pin="4711")
    with app.app_context():
        user = db.session.get(User, made.id)
        assert user.password_hash.startswith("$argon2id$")
        assert user.pin_hash.startswith("$argon2id$")
        assert DEFAULT_PASSWORD not in user.password_hash
        assert PasswordHasher().verify(user.password_hash, DEFAULT_PASSWORD)
        assert PasswordHasher().verify(user.pin_hash, "4711")


def test_badge_is_stored_as_its_sha256(app: Flask, user_factory) -> None:
    made = user_factory("operator", badge="0012345678")
    with app.app_context():
        user = db.session.get(User, made.id)
        assert user.badge_digest == hashlib.sha256(b"0012345678").hexdigest()


def test_device_token_is_stored_as_its_sha256(app: Flask, device_token) -> None:
    made, raw = device_token()
    with app.app_context():
        token = db.session.get(DeviceToken, made.id)
        assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
        assert raw.startswith(token.prefix)
        assert len(raw) >= 43


def test_production_hashing_uses_the_rfc_9106_low_memory_profile(app_factory) -> None:
    app = app_factory(PASSWORD_HASH_PROFILE="default")
    with app.app_context():
        stored = hash_secret("some password here")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
