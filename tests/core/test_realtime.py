"""Socket.IO accepts only same-origin connections, and module namespaces only signed-in users."""

from __future__ import annotations

import pytest
import socketio


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
