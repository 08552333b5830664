"""Socket.IO accepts only same-origin connections, and module namespaces only signed-in users."""

from __future__ import annotations

import json
import time

import pytest
import redis
import socketio

from tests.fixtures.realtime import get_json


def test_same_origin_connects_and_a_foreign_origin_is_refused(live_server: str) -> None:
    same = socketio.Client(reconnection=False)
    same.connect(live_server, headers={"Origin": live_server}, transports=["polling"])
    assert same.connected
    same.disconnect()

    foreign = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        foreign.connect(
            live_server, headers={"Origin": "http://evil.example"}, transports=["polling"]
        )
    assert not foreign.connected


def test_anonymous_clients_cannot_join_a_module_namespace(live_server: str) -> None:
    anonymous = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        anonymous.connect(
            live_server, namespaces=["/alerts"], headers={"Origin": live_server}, wait_timeout=3
        )
    anonymous.disconnect()


def test_the_served_app_publishes_its_pushes_through_the_message_queue(
    gunicorn_server, redis_server
) -> None:
    """Pis sharing SOCKETIO_MESSAGE_QUEUE hear each other: the station's pushes go to Redis."""
    listener = redis.Redis.from_url(redis_server.url).pubsub(ignore_subscribe_messages=True)
    listener.subscribe("flask-socketio")  # Flask-SocketIO's channel
    try:
        server = gunicorn_server(
            SOCKETIO_MESSAGE_QUEUE=redis_server.url, HARDWARE="on", SIMULATORS="off"
        )
        deadline, published = time.monotonic() + 10, None
        while published is None and time.monotonic() < deadline:
            published = listener.get_message(timeout=0.5)
        assert published is not None, server.log.read_text()
        assert "Cannot publish" not in server.log.read_text()
    finally:
        listener.close()
    message = json.loads(published["data"])
    assert (message["method"], message["namespace"]) == ("emit", "/assembly")
    assert message["event"] in ("session", "queue")  # the station watch's first look
    status, body = get_json(f"{server.url}/healthz")
    assert (status, body["message_queue"]) == (200, "connected")
    redis_server.stop()  # no push reaches any browser now: the app says so
    status, body = get_json(f"{server.url}/healthz")
    assert (status, body["status"], body["message_queue"]) == (503, "degraded", "unreachable")
