"""The deploy/ folder: systemd units, install script, settings template and proxy examples."""

from __future__ import annotations

import configparser
import re
import runpy
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from core.config import ROOT, Config

DEPLOY = ROOT / "deploy"
SCRIPTS = ["install-pi.sh", "shoptwin", "shoptwin-chromium"]


def unit(name: str) -> configparser.ConfigParser:
    """Parse a unit file the way systemd reads it closely enough for single-valued keys."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((DEPLOY / name).read_text().replace("\\\n", " "))
    return parser


def command(value: str) -> list[str]:
    """Split an Exec line into its words."""
    return shlex.split(value.replace("\n", " "))


def test_app_unit_runs_gunicorn_under_systemd_supervision() -> None:
    service = unit("shoptwin.service")["Service"]

    assert service["Type"] == "notify"
    assert service["NotifyAccess"] == "all"
    assert service["WatchdogSec"] == "30"
    assert service["LimitRTPRIO"] == "10"  # the clock thread's SCHED_FIFO priority
    assert "RestrictRealtime" not in service
    assert service["Restart"] == "on-failure"
    assert service["RestartSec"] == "3"
    assert service["User"] == "shoptwin"
    assert "gpio" in service["SupplementaryGroups"].split()
    assert service["WorkingDirectory"] == "/opt/shoptwin"
    assert service["EnvironmentFile"] == "-/etc/shoptwin/shoptwin.env"
    assert command(service["ExecStartPre"]) == [
        "/opt/shoptwin/.venv/bin/flask",
        "--app",
        "app",
        "db",
        "upgrade",
    ]
    assert command(service["ExecStart"]) == [
        "/opt/shoptwin/.venv/bin/gunicorn",
        "--config",
        "deploy/gunicorn.conf.py",
        "app:app",
    ]
    assert service["ProtectSystem"] == "full"
    assert service["PrivateTmp"] == "true"
    assert service["NoNewPrivileges"] == "true"
    assert "PrivateDevices" not in service, "the app must see /dev/gpiochip*"


def test_the_gunicorn_config_of_the_unit_runs_one_threaded_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    settings = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))

    assert settings["workers"] == 1
    assert settings["worker_class"] == "gthread"
    assert settings["threads"] == 32


def test_kiosk_unit_opens_one_chromium_window_once_the_app_answers() -> None:
    parsed = unit("shoptwin-kiosk.service")
    service = parsed["Service"]
    text = (DEPLOY / "shoptwin-kiosk.service").read_text()
    argv = command(service["ExecStart"])

    assert argv[0] == "/usr/local/bin/shoptwin-chromium"
    assert "--kiosk" in argv
    assert "--app=${KIOSK_URL}" in argv
    assert "Environment=KIOSK_URL=http://127.0.0.1:8000/assembly/kiosk" in text.splitlines()
    assert "--user-data-dir=/var/lib/shoptwin-kiosk/profile" in argv
    for flag in (
        "--noerrdialogs",
        "--disable-infobars",
        "--disable-session-crashed-bubble",
        "--check-for-update-interval=31536000",
    ):
        assert flag in argv
    assert service["StateDirectory"] == "shoptwin-kiosk"
    assert service["Restart"] == "always"
    assert "http://127.0.0.1:8000/healthz" in service["ExecStartPre"]
    assert "graphical.target" in parsed["Unit"]["After"].split()
    assert parsed["Install"]["WantedBy"] == "graphical.target"


def test_nothing_in_deploy_kills_processes_by_name() -> None:
    for path in DEPLOY.iterdir():
        if path.is_file():
            text = path.read_text()
            assert not re.search(r"\b(pkill|killall)\b", text), path.name


def test_backup_timer_runs_a_pruned_backup_daily_and_catches_up() -> None:
    service = unit("shoptwin-backup.service")["Service"]
    timer = unit("shoptwin-backup.timer")

    assert service["Type"] == "oneshot"
    assert service["User"] == "shoptwin"
    assert service["EnvironmentFile"] == "-/etc/shoptwin/shoptwin.env"
    assert command(service["ExecStart"]) == [
        "/opt/shoptwin/.venv/bin/flask",
        "--app",
        "app",
        "backup",
        "create",
        "/var/backups/shoptwin",
        "--keep",
        "14",
    ]
    assert timer["Timer"]["OnCalendar"] == "*-*-* 02:30:00"
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Timer"]["RandomizedDelaySec"]
    assert timer["Timer"]["Unit"] == "shoptwin-backup.service"
    assert timer["Install"]["WantedBy"] == "timers.target"


@pytest.mark.parametrize("script", SCRIPTS)
def test_shell_scripts_parse_and_pass_shellcheck(script: str) -> None:
    path = DEPLOY / script

    assert path.stat().st_mode & 0o111, f"{script} must be executable"
    subprocess.run(["bash", "-n", str(path)], check=True)
    assert shutil.which("shellcheck"), "shellcheck missing: make test installs it (apt-get)"
    found = subprocess.run(["shellcheck", str(path)], capture_output=True, text=True)
    assert found.returncode == 0, found.stdout


def test_install_script_explains_itself_and_refuses_unknown_options() -> None:
    script = str(DEPLOY / "install-pi.sh")

    shown = subprocess.run(["bash", script, "--help"], capture_output=True, text=True)
    refused = subprocess.run(["bash", script, "--frobnicate"], capture_output=True, text=True)

    assert shown.returncode == 0
    assert "--with-mosquitto" in shown.stdout
    assert refused.returncode == 1
    assert "unknown option: --frobnicate" in refused.stderr


def test_install_script_installs_every_unit_and_helper_in_deploy() -> None:
    text = (DEPLOY / "install-pi.sh").read_text()
    shipped = [p.name for p in DEPLOY.iterdir() if p.suffix in {".service", ".timer"}]

    assert len(shipped) == 4
    for name in [*shipped, "shoptwin", "shoptwin-chromium", "shoptwin.env.example"]:
        assert name in text, name


def env_example() -> dict[str, str]:
    """Return the settings in shoptwin.env.example as bash sees them when it sources the file."""
    out = subprocess.run(
        ["bash", "-c", 'set -a; . "$0"; set +a; env -0', str(DEPLOY / "shoptwin.env.example")],
        capture_output=True,
        check=True,
        env={},
    ).stdout.decode()
    pairs = (item.split("=", 1) for item in out.split("\0") if "=" in item)
    return {key: value for key, value in pairs if key.isupper() and key not in {"PWD", "SHLVL"}}


def test_env_example_is_plain_lines_that_config_accepts(tmp_path: Path) -> None:
    settings = env_example()
    lines = (DEPLOY / "shoptwin.env.example").read_text().splitlines()
    assignments = [line for line in lines if line and not line.startswith("#")]

    assert {line.split("=", 1)[0] for line in assignments} == set(settings)
    assert all(" " not in line and '"' not in line for line in assignments)
    config = Config({**settings, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    assert config.HOST == "0.0.0.0"  # noqa: S104 - the Pi listens on the LAN on purpose
    assert config.PORT == 8000
    assert config.GPIOZERO_PIN_FACTORY == "lgpio"
    assert config.SESSION_COOKIE_SECURE is False
    assert settings["INSTANCE_PATH"] == "/var/lib/shoptwin"
    assert settings["DEVICE_ID"]


def test_nginx_example_upgrades_socketio_to_websockets() -> None:
    text = (DEPLOY / "nginx-shoptwin.conf").read_text()
    socketio = text[text.index("location /socket.io/") :].split("}", 1)[0]

    assert "server 127.0.0.1:8000;" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in socketio
    assert 'proxy_set_header Connection "upgrade";' in socketio
    assert "proxy_http_version 1.1;" in socketio
    assert "ssl_certificate " in text
