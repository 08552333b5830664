"""Fixtures every test may use; the rest live in tests/fixtures/ by subject."""

pytest_plugins = [
    "tests.fixtures.database",
    "tests.fixtures.auth",
    "tests.fixtures.hardware",
    "tests.fixtures.realtime",
    "tests.fixtures.mqtt",
    "tests.fixtures.redis_server",
    "tests.fixtures.browser",
    "tests.fixtures.assembly",
    "tests.fixtures.assembly_sessions",
]
