"""MqttLink talks JSON to a real Mosquitto and /healthz follows the connection."""

from __future__ import annotations

import json
import queue
import time
from collections.abc import Callable, Iterator
from typing import Any

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from core.mqtt import MqttLink, parse_mqtt_url
from core.runtime import start_services, stop_services
from tests.fixtures.database import AppFactory
from tests.fixtures.mqtt import Broker

pytestmark = pytest.mark.broker


def wait_for(condition: Callable[[], bool], timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def link(mqtt_broker: Broker) -> Iterator[MqttLink]:
    started = MqttLink(mqtt_broker.url, client_id="shoptwin-test").start()
    yield started
    started.close()


@pytest.fixture
def subscriber(mqtt_broker: Broker) -> Iterator[queue.Queue[tuple[str, Any]]]:
    """A plain paho client, independent of MqttLink, collecting what it receives."""
    received: queue.Queue[tuple[str, Any]] = queue.Queue()
    client = paho.Client(CallbackAPIVersion.VERSION2, client_id="observer")
    client.on_message = lambda _c, _u, msg: received.put((msg.topic, json.loads(msg.payload)))
    client.connect("127.0.0.1", mqtt_broker.port)
    client.subscribe("shoptwin/#", qos=1)
    client.loop_start()
    assert wait_for(client.is_connected)
    time.sleep(0.2)  # let the SUBACK arrive before anything is published
    yield received
    client.disconnect()
    client.loop_stop()


def test_url_parts_and_bad_urls() -> None:
    assert parse_mqtt_url("mqtt://u%40x:p@broker:1884") == ("broker", 1884, "u@x", "p")
    assert parse_mqtt_url("mqtt://broker") == ("broker", 1883, None, None)
    with pytest.raises(ValueError, match="MQTT_URL"):
        parse_mqtt_url("http://broker")


def test_published_json_reaches_a_subscriber(
    link: MqttLink, subscriber: queue.Queue[tuple[str, Any]]
) -> None:
    assert wait_for(lambda: link.connected)
    link.publish("shoptwin/twin/state", {"conveyor": "running", "speed": 0.25}).wait_for_publish(5)
    assert subscriber.get(timeout=5) == (
        "shoptwin/twin/state",
        {"conveyor": "running", "speed": 0.25},
    )


def test_subscribe_hands_decoded_json_to_the_handler(mqtt_broker: Broker, link: MqttLink) -> None:
    received: queue.Queue[tuple[str, Any]] = queue.Queue()
    link.subscribe("shoptwin/telemetry/+", lambda topic, data: received.put((topic, data)))
    assert wait_for(lambda: link.connected)
    time.sleep(0.2)
    sender = MqttLink(mqtt_broker.url, client_id="sender").start()
    try:
        assert wait_for(lambda: sender.connected)
        sender.publish("shoptwin/telemetry/esp32-1", {"voltage": 3.71}).wait_for_publish(5)
        assert received.get(timeout=5) == ("shoptwin/telemetry/esp32-1", {"voltage": 3.71})
    finally:
        sender.close()


def test_healthz_follows_the_broker(app_factory: AppFactory, mqtt_broker: Broker) -> None:
    app = app_factory(MQTT_URL=mqtt_broker.url)
    client = app.test_client()
    start_services(app)
    try:
        assert wait_for(lambda: client.get("/healthz").get_json()["mqtt"] == "connected")
        assert client.get("/healthz").status_code == 200
        mqtt_broker.stop()
        assert wait_for(lambda: client.get("/healthz").get_json()["mqtt"] == "disconnected")
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.get_json()["status"] == "degraded"
    finally:
        stop_services(app)
    assert "mqtt" not in app.extensions
