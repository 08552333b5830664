"""Password, PIN, badge and token digests: argon2id for secrets people pick, sha256 for lookups."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app, has_app_context

EXTENSION_KEY = "shoptwin.auth.hasher"
# "default" is argon2-cffi's default, argon2id with RFC 9106's low-memory profile (64 MiB, fine on
# a Pi 4); "cheapest" is still argon2id but only for test suites, which hash hundreds of times.
PROFILES = {"default": profiles.RFC_9106_LOW_MEMORY, "cheapest": profiles.CHEAPEST}


@dataclass(frozen=True)
class SecretHasher:
    """An argon2id hasher and a dummy hash to verify against when there is nothing to check."""

    hasher: PasswordHasher
    dummy_hash: str = field(repr=False)


@cache
def make_hasher(profile: str) -> SecretHasher:
    """Return the hasher of a named profile ("default" or "cheapest")."""
    hasher = PasswordHasher.from_parameters(PROFILES[profile])
    return SecretHasher(hasher, hasher.hash(secrets.token_urlsafe(16)))


def init_app(app: Flask) -> None:
    """Pick the app's hashing profile from PASSWORD_HASH_PROFILE."""
    profile = app.config["PASSWORD_HASH_PROFILE"]
    if profile not in PROFILES:
        raise ValueError(f"PASSWORD_HASH_PROFILE must be one of {', '.join(PROFILES)}")
    app.extensions[EXTENSION_KEY] = profile


def _current() -> SecretHasher:
    profile = current_app.extensions.get(EXTENSION_KEY) if has_app_context() else None
    return make_hasher(profile or "default")


def hash_secret(secret: str) -> str:
    """Return the argon2id hash of a password or PIN."""
    return _current().hasher.hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    """Tell whether secret matches the stored hash; a missing hash takes as long to refuse."""
    current = _current()
    try:
        matched = current.hasher.verify(stored_hash or current.dummy_hash, secret)
    except (VerificationError, InvalidHashError):
        return False
    return matched and stored_hash is not None


def needs_rehash(stored_hash: str) -> bool:
    """Tell whether a hash was made with other parameters than the current ones."""
    return _current().hasher.check_needs_rehash(stored_hash)


def sha256_hex(value: str) -> str:
    """Return the sha256 hex digest of a string (badges and device tokens are looked up by it)."""
    return hashlib.sha256(value.encode()).hexdigest()


def new_token() -> str:
    """Return a fresh random device token (43 URL-safe characters, 256 bits)."""
    return secrets.token_urlsafe(32)
