"""Measure the clock's 10 Hz tick-period jitter, idle and while 16 HTTP clients hammer the app.

Usage: python bench/clock_jitter.py [--seconds 60] [--clients 16]

The app runs in this process (clock thread + a threaded WSGI server on 127.0.0.1); the
clients run in a separate process so they do not share this process's GIL. Loopback only,
bounded in time.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import logging
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PERIOD_S = 0.1
TARGET_P99_MS = 5.0
PATHS = ("/healthz", "/setup")  # /setup renders the first-run page on an empty database.


def percentile(values: list[float], q: float) -> float:
    """Return the nearest-rank percentile of values."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def deviations_ms(ticks: list[float]) -> list[float]:
    """Return |tick period - 100 ms| in ms for each pair of consecutive ticks."""
    return [abs((b - a) - PERIOD_S) * 1000 for a, b in itertools.pairwise(ticks)]


def summary(ticks: list[float]) -> dict[str, float]:
    """Return p50/p99/max deviation and the tick count."""
    devs = deviations_ms(ticks)
    return {
        "ticks": len(ticks),
        "p50": percentile(devs, 0.5),
        "p99": percentile(devs, 0.99),
        "max": max(devs),
    }


def hammer(port: int, seconds: float, clients: int) -> None:
    """Run `clients` threads sending GETs to the app for `seconds`; print the request count."""
    stop_at = time.monotonic() + seconds
    counts = [0] * clients
    errors = [0] * clients

    def client(index: int) -> None:
        while time.monotonic() < stop_at:
            for path in PATHS:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                try:
                    connection.request("GET", path)
                    response = connection.getresponse()
                    response.read()
                    if response.status == 200:
                        counts[index] += 1
                    else:
                        errors[index] += 1
                except OSError:
                    errors[index] += 1
                finally:
                    connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"{sum(counts)} {sum(errors)}")


def build_app(instance: Path):  # type: ignore[no-untyped-def]
    """Create the app over a fresh migrated SQLite database in instance."""
    import flask_migrate

    from app import create_app
    from core.config import Config

    environ = {
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": "bench",
        "SIMULATORS": "on",
        "HARDWARE": "off",
        "CLOCK_RT_PRIORITY": os.environ.get("CLOCK_RT_PRIORITY", "10"),
        "LOG_FORMAT": "plain",
    }
    app = create_app(Config(environ))
    with app.app_context():
        flask_migrate.upgrade()
    for name in ("", "werkzeug"):  # No log line per request: the bench measures the clock.
        logging.getLogger(name).setLevel(logging.WARNING)
    return app


def serve(app, port: int):  # type: ignore[no-untyped-def]
    """Serve app on 127.0.0.1:port from a threaded WSGI server in a background thread."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="bench-server", daemon=True)
    thread.start()
    return server, thread


def warm_up(port: int) -> None:
    """Request each path a few times: the first requests compile templates and import lazily."""
    for _ in range(3):
        for path in PATHS:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", path)
            connection.getresponse().read()
            connection.close()


def run(seconds: float, clients: int) -> bool:
    """Measure both phases and print them side by side; return whether the target is met."""
    from core.clock import get_clock
    from core.runtime import start_services, stop_services

    with tempfile.TemporaryDirectory(prefix="shoptwin-bench-") as folder:
        app = build_app(Path(folder))
        clock = get_clock(app)
        ticks: list[float] = []
        clock.every(PERIOD_S, lambda: ticks.append(time.monotonic()), "bench")
        start_services(app)  # as gunicorn's post_worker_init does in production
        if not clock.running:
            raise SystemExit(f"clock did not start: {clock.status()['reason']}")
        server, _thread = serve(app, 0)
        port = server.server_port
        try:
            warm_up(port)
            time.sleep(0.5)
            ticks.clear()
            time.sleep(seconds)
            idle = list(ticks)
            ticks.clear()
            load = subprocess.run(
                [sys.executable, __file__, "--hammer", str(port), str(seconds), str(clients)],
                capture_output=True,
                text=True,
                check=True,
                timeout=seconds + 60,
            )
            busy = list(ticks)
            lag = clock.status()["lag_ms"]
            scheduling = clock.status()["scheduling"]
        finally:
            server.shutdown()
            stop_services(app)
    requests, errors = (int(x) for x in load.stdout.split())
    idle_s, busy_s = summary(idle), summary(busy)
    print(
        f"clock tick-period deviation from {PERIOD_S * 1000:.0f} ms over {seconds:g} s per phase"
        f" (GIL switch interval {sys.getswitchinterval() * 1000:g} ms)"
    )
    print(f"{'':12}{'idle':>12}{f'{clients} clients':>14}")
    print(f"{'ticks':12}{idle_s['ticks']:>12}{busy_s['ticks']:>14}")
    for key in ("p50", "p99", "max"):
        print(f"{key + ' (ms)':12}{idle_s[key]:>12.3f}{busy_s[key]:>14.3f}")
    print(f"200 responses under load: {requests} ({requests / seconds:.0f}/s), others: {errors}")
    print(f"clock's own start lag over its window: {lag}")
    print(f"clock thread scheduling: {scheduling}")
    met = busy_s["p99"] <= TARGET_P99_MS
    print(f"p99 under load <= {TARGET_P99_MS:g} ms: {'yes' if met else 'NO'}")
    return met


def main() -> None:
    """Parse arguments and run the benchmark (or, internally, the load generator)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of each phase")
    parser.add_argument("--clients", type=int, default=16, help="concurrent HTTP clients")
    parser.add_argument(
        "--switch-interval-ms",
        type=float,
        default=None,
        help="set Python's GIL switch interval (default: leave it as the app sets it)",
    )
    parser.add_argument("--hammer", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.hammer:
        port, seconds, clients = args.hammer
        hammer(int(port), float(seconds), int(clients))
        return
    if args.switch_interval_ms is not None:
        sys.setswitchinterval(args.switch_interval_ms / 1000)
    sys.exit(0 if run(args.seconds, args.clients) else 1)


if __name__ == "__main__":
    main()
