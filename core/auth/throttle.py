"""How often a refused device token may be written to the audit log.

A refused token is audited at most once per token prefix per minute, and at most 30 times a
minute in all: a stuck device with a revoked token leaves one row a minute, and an attacker
cycling random tokens (a new prefix each time) cannot flood the append-only table. The
windows live in Flask-Limiter's storage (RATELIMIT_STORAGE_URI), shared by every worker that
shares it.
"""

from __future__ import annotations

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

NAMESPACE = "shoptwin-auth-refused-token"
PER_PREFIX = "1 per minute"
OVERALL = "30 per minute"


class RefusalThrottle:
    """Decide whether a refusal is audited: per key and overall moving-window limits."""

    def __init__(self, storage_uri: str, per_key: str = PER_PREFIX, overall: str = OVERALL) -> None:
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))
        self.per_key: RateLimitItem = parse(per_key)
        self.overall: RateLimitItem = parse(overall)

    def allow(self, key: str) -> bool:
        """Count a refusal under key; tell whether it is still within both limits."""
        if not (
            self.limiter.test(self.per_key, NAMESPACE, "key", key)
            and self.limiter.test(self.overall, NAMESPACE, "all")
        ):
            return False
        self.limiter.hit(self.per_key, NAMESPACE, "key", key)
        return self.limiter.hit(self.overall, NAMESPACE, "all")
