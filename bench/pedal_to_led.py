"""Measure pedal-to-LED latency: from the kiosk's progress POST to the LED pin changing.

Usage: python bench/pedal_to_led.py [--presses 1000]

The real app (create_app over a fresh SQLite database migrated by Alembic, WAL, audit chain,
Socket.IO push) runs in this process; requests go through Flask's test client (in-process
WSGI, no socket), signed in as an operator with a CSRF token, as the kiosk's fetch does.
LEDs are gpiozero LEDs on a MockFactory whose pins record when they change. Each measured
press is a "next" (or the last step's review) that switches the lit pin; p50/p95 are printed
next to a baseline measured in the same run: GET /healthz and a refused (stale) progress POST.
"""

from __future__ import annotations

import argparse
import logging
import math
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_P95_MS = 10.0
STEPS = ("anode", "cathode", "electrolyte")
PINS = {"anode": 17, "cathode": 4, "electrolyte": 25}


def percentile(values: list[float], q: float) -> float:
    """Return the nearest-rank percentile of values."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def main() -> None:
    """Run the presses and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=1000)
    args = parser.parse_args()
    logging.disable(logging.INFO)

    import flask_migrate
    from gpiozero.pins.mock import MockFactory, MockPin

    from app import create_app
    from assembly.models import Component, Job, Project, ProjectStep, ProjectVersion, Station
    from core.audit import system_actor
    from core.auth.services import create_user
    from core.config import TestConfig
    from core.extensions import db
    from hardware import close_hardware, open_hardware

    changed_at: dict[int, float] = {}

    class TimedPin(MockPin):
        """A mock pin that notes when its level last changed."""

        def _change_state(self, value: bool) -> bool:
            if super()._change_state(value):
                changed_at[int(self.info.name.removeprefix("GPIO"))] = time.perf_counter()
                return True
            return False

    folder = Path(tempfile.mkdtemp(prefix="pedal-bench-"))
    environ = {"INSTANCE_PATH": str(folder), "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}"}
    app = create_app(TestConfig(environ, ASSEMBLY_MIN_STEP_S=0.0))
    units = math.ceil(args.presses / len(STEPS)) + 1
    with app.app_context():
        flask_migrate.upgrade()
        for cid in STEPS:
            db.session.add(
                Component(id=cid, name=cid.title(), colour="#112233", gpio_pin=PINS[cid])
            )
        project = Project(id="bench", name="Bench")
        version = ProjectVersion(project=project, number=1)
        version.steps = [ProjectStep(position=i, component_id=c) for i, c in enumerate(STEPS)]
        station = Station(id=app.config["DEVICE_ID"], name="bench")
        db.session.add_all([project, version, station])
        db.session.flush()
        db.session.add(
            Job(project_version_id=version.id, station_id=station.id, stack_id="B", quantity=units)
        )
        create_user(db.session, "op", "bench password 1234", "operator", "Op", actor=system_actor())
        db.session.commit()
        job_id = db.session.query(Job.id).scalar()

    factory = MockFactory(pin_class=TimedPin)
    open_hardware(app, factory)
    from assembly.floor import start_station

    start_station(app)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    client.post(
        "/login", data={"username": "op", "password": "bench password 1234", "csrf_token": token}
    )
    headers = {"X-CSRFToken": token}
    api = "/api/v1/assembly/sessions"

    latencies: list[float] = []
    stale: list[float] = []
    health: list[float] = []
    while len(latencies) < args.presses:
        sid = client.post(api, json={"job_id": job_id}, headers=headers).get_json()["session"]["id"]
        for step, cid in enumerate(STEPS):
            if len(latencies) >= args.presses:
                break
            t0 = time.perf_counter()
            response = client.post(
                f"{api}/{sid}/progress", json={"action": "next", "step": step}, headers=headers
            )
            assert response.status_code == 200, response.get_json()
            # The press lights the next component's pin; the last one's review turns it off.
            pin = PINS[STEPS[step + 1]] if step + 1 < len(STEPS) else PINS[cid]
            assert changed_at.get(pin, 0) > t0, "the LED did not change"
            latencies.append((changed_at[pin] - t0) * 1000)
            t0 = time.perf_counter()
            refused = client.post(
                f"{api}/{sid}/progress", json={"action": "next", "step": step}, headers=headers
            )
            stale.append((time.perf_counter() - t0) * 1000)
            assert refused.status_code == 409
            t0 = time.perf_counter()
            client.get("/healthz")
            health.append((time.perf_counter() - t0) * 1000)
        run = client.get(f"{api}/current").get_json()["session"]
        action = "finish" if run["status"] == "review" else "abort"
        body = {"action": action, "step": run["current_step"]}
        client.post(f"{api}/{sid}/progress", json=body, headers=headers)
    close_hardware(app)

    def line(name: str, values: list[float]) -> str:
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        return f"{name:<44} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms"

    print(f"pedal-to-LED over {len(latencies)} presses (Flask test client, in-process; SQLite WAL)")
    print(line("progress POST -> LED pin changed", latencies))
    print(line("baseline: refused (stale) progress POST", stale))
    print(line("baseline: GET /healthz", health))
    p95 = percentile(latencies, 0.95)
    verdict = "OK" if p95 <= TARGET_P95_MS else "OVER"
    print(f"target p95 <= {TARGET_P95_MS:g} ms: {verdict}")


if __name__ == "__main__":
    main()
