"""A small link to an MQTT broker over paho-mqtt, JSON payloads, reconnecting by itself."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

import paho.mqtt.client as paho
from flask import Flask, current_app
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode

EXTENSION_KEY = "mqtt"
DEFAULT_PORT = 1883
KEEPALIVE_S = 30

logger = logging.getLogger(__name__)
Handler = Callable[[str, Any], None]


def parse_mqtt_url(url: str) -> tuple[str, int, str | None, str | None]:
    """Split mqtt://user:pass@host:port into its parts, refusing other schemes."""
    parts = urlsplit(url)
    if parts.scheme != "mqtt" or not parts.hostname:
        raise ValueError(f"MQTT_URL must look like mqtt://host:port, not {url!r}")
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return parts.hostname, parts.port or DEFAULT_PORT, username, password


class MqttLink:
    """Publish and subscribe JSON over one paho client running in paho's own thread."""

    def __init__(self, url: str, client_id: str = "", app: Flask | None = None) -> None:
        self.host, self.port, username, password = parse_mqtt_url(url)
        self.app = app
        self._topics: dict[str, int] = {}
        self._lock = threading.Lock()
        self._started = False
        self.client = paho.Client(CallbackAPIVersion.VERSION2, client_id=client_id)
        if username is not None:
            self.client.username_pw_set(username, password)
        self.client.reconnect_delay_set(min_delay=1, max_delay=30)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect

    @property
    def connected(self) -> bool:
        """Tell whether the broker connection is up right now."""
        return self.client.is_connected()

    def start(self) -> MqttLink:
        """Connect in the background; paho's thread keeps reconnecting until close()."""
        if not self._started:
            self.client.connect_async(self.host, self.port, keepalive=KEEPALIVE_S)
            self.client.loop_start()
            self._started = True
        return self

    def close(self) -> None:
        """Disconnect and stop paho's thread."""
        if self._started:
            self.client.disconnect()
            self.client.loop_stop()
            self._started = False

    def publish(self, topic: str, payload: dict[str, Any], qos: int = 1) -> paho.MQTTMessageInfo:
        """Send payload as JSON; QoS 1 messages wait in paho's queue while disconnected."""
        return self.client.publish(topic, json.dumps(payload), qos=qos)

    def subscribe(self, topic: str, handler: Handler, qos: int = 1) -> None:
        """Call handler(topic, decoded_json) for each message on topic (wildcards allowed)."""
        with self._lock:
            self._topics[topic] = qos
        self.client.message_callback_add(topic, self._dispatcher(handler))
        if self.connected:
            self.client.subscribe(topic, qos=qos)

    def _dispatcher(self, handler: Handler) -> Callable[[paho.Client, Any, paho.MQTTMessage], None]:
        def dispatch(_client: paho.Client, _userdata: Any, message: paho.MQTTMessage) -> None:
            try:
                payload = json.loads(message.payload)
            except ValueError:
                logger.warning("dropped a non-JSON message", extra={"topic": message.topic})
                return
            try:
                if self.app is None:
                    handler(message.topic, payload)
                else:
                    with self.app.app_context():
                        handler(message.topic, payload)
            except Exception:
                logger.exception("MQTT handler failed", extra={"topic": message.topic})

        return dispatch

    def _on_connect(
        self,
        client: paho.Client,
        _userdata: Any,
        _flags: Any,
        reason: ReasonCode,
        _properties: Properties | None,
    ) -> None:
        if reason.is_failure:
            logger.warning("MQTT connection refused: %s", reason)
            return
        logger.info("MQTT connected", extra={"broker": f"{self.host}:{self.port}"})
        with self._lock:
            topics = list(self._topics.items())
        for topic, qos in topics:
            client.subscribe(topic, qos=qos)

    def _on_disconnect(
        self,
        _client: paho.Client,
        _userdata: Any,
        _flags: Any,
        reason: ReasonCode,
        _properties: Properties | None,
    ) -> None:
        logger.warning(
            "MQTT disconnected: %s", reason, extra={"broker": f"{self.host}:{self.port}"}
        )


def get_link(app: Flask | None = None) -> MqttLink | None:
    """Return the app's broker link, or None when MQTT_URL is empty or not started."""
    return (app or current_app).extensions.get(EXTENSION_KEY)


def connect(app: Flask) -> MqttLink:
    """Open the app's broker link from MQTT_URL (once) and keep it in app.extensions."""
    link = app.extensions.get(EXTENSION_KEY)
    if link is None:
        client_id = f"shoptwin-{app.config['DEVICE_ID']}"
        link = MqttLink(app.config["MQTT_URL"], client_id=client_id, app=app)
        app.extensions[EXTENSION_KEY] = link
    return link.start()


def disconnect(app: Flask) -> None:
    """Close the app's broker link, if any."""
    link = app.extensions.pop(EXTENSION_KEY, None)
    if link is not None:
        link.close()
