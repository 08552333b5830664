#!/bin/bash
# Install or update ShopTwin on Raspberry Pi OS Bookworm (or Debian 12). Run as root:
#   sudo deploy/install-pi.sh [--with-mosquitto] [--repo URL [--branch NAME]]
#                             [--kiosk-user NAME | --no-kiosk]
# Safe to run again: it updates code, requirements and units and keeps settings and data.
set -euo pipefail

readonly APP_DIR=/opt/shoptwin
readonly VENV="$APP_DIR/.venv"
readonly ETC_DIR=/etc/shoptwin
readonly ENV_FILE="$ETC_DIR/shoptwin.env"
readonly STATE_DIR=/var/lib/shoptwin
readonly BACKUP_DIR=/var/backups/shoptwin
readonly UNIT_DIR=/etc/systemd/system
readonly SERVICE_USER=shoptwin
readonly UNITS=(shoptwin.service shoptwin-backup.service shoptwin-backup.timer)
SOURCE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly SOURCE_DIR

with_mosquitto=no
repo=""
branch=main
kiosk=yes
kiosk_user=""

usage() { sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; }
log() { printf '\n==> %s\n' "$*"; }
die() {
  printf 'install-pi.sh: %s\n' "$*" >&2
  exit 1
}
has_candidate() {
  # True when apt knows an installable version of the package.
  local policy
  policy="$(apt-cache policy "$1" 2>/dev/null)"
  [[ -n "$policy" && "$policy" != *"Candidate: (none)"* ]]
}

while (($#)); do
  case "$1" in
    --with-mosquitto) with_mosquitto=yes ;;
    --repo)
      repo="${2:?--repo needs a URL}"
      shift
      ;;
    --branch)
      branch="${2:?--branch needs a name}"
      shift
      ;;
    --kiosk-user)
      kiosk_user="${2:?--kiosk-user needs a user name}"
      shift
      ;;
    --no-kiosk) kiosk=no ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      usage >&2
      die "unknown option: $1"
      ;;
  esac
  shift
done

[[ $EUID -eq 0 ]] || die "run me as root: sudo $0"
if [[ -r /etc/os-release ]]; then
  # shellcheck source=/dev/null
  source /etc/os-release
fi
if [[ "${VERSION_CODENAME:-}" != bookworm ]]; then
  echo "warning: made for Raspberry Pi OS Bookworm; this is ${PRETTY_NAME:-an unknown system}" >&2
fi

log "Installing system packages"
packages=(python3 python3-venv python3-dev build-essential make curl rsync git ca-certificates)
# lgpio's Python binding builds from source where no wheel fits; these make that work.
for optional in swig liblgpio-dev; do
  if has_candidate "$optional"; then packages+=("$optional"); fi
done
if [[ $kiosk == yes ]]; then
  # Bookworm calls it chromium; older Raspberry Pi OS images call it chromium-browser.
  if has_candidate chromium; then
    packages+=(chromium)
  elif has_candidate chromium-browser; then
    packages+=(chromium-browser)
  else
    die "apt has neither chromium nor chromium-browser; run apt-get update or use --no-kiosk"
  fi
fi
if [[ $with_mosquitto == yes ]]; then packages+=(mosquitto mosquitto-clients); fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
  die "ShopTwin needs Python 3.11 or newer (Bookworm ships 3.11)"

log "Creating the $SERVICE_USER user (group gpio for /dev/gpiochip*)"
getent group gpio >/dev/null || groupadd --system gpio
if id -u "$SERVICE_USER" >/dev/null 2>&1; then
  usermod --append --groups gpio "$SERVICE_USER"
else
  useradd --system --user-group --groups gpio --home-dir "$STATE_DIR" --no-create-home \
    --shell /usr/sbin/nologin "$SERVICE_USER"
fi

log "Putting the code in $APP_DIR"
if [[ -n "$repo" ]]; then
  if [[ -d "$APP_DIR/.git" ]]; then
    git -C "$APP_DIR" fetch --quiet origin "$branch"
    git -C "$APP_DIR" checkout --quiet "$branch"
    git -C "$APP_DIR" merge --quiet --ff-only "origin/$branch"
  elif [[ -e "$APP_DIR" ]]; then
    die "$APP_DIR exists but is not a git clone; move it away or install without --repo"
  else
    git clone --quiet --branch "$branch" "$repo" "$APP_DIR"
  fi
elif [[ "$SOURCE_DIR" != "$APP_DIR" ]]; then
  install -d -m 0755 "$APP_DIR"
  rsync -a --delete --chown=root:root \
    --exclude=/.venv/ --exclude=/instance/ --exclude=/.env \
    --exclude=__pycache__/ --exclude=.pytest_cache/ --exclude=.ruff_cache/ \
    "$SOURCE_DIR/" "$APP_DIR/"
fi
[[ -f "$APP_DIR/requirements.txt" ]] || die "$APP_DIR has no requirements.txt: is it ShopTwin?"

log "Installing Python requirements into $VENV"
[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --upgrade pip
"$VENV/bin/pip" install --quiet -r "$APP_DIR/requirements.txt"
# The service user cannot write into the code, so compile it now rather than on every start.
"$VENV/bin/python" -m compileall -q -x '/\.venv/' "$APP_DIR" >/dev/null

log "Settings in $ENV_FILE, data in $STATE_DIR, backups in $BACKUP_DIR"
install -d -m 0750 -o root -g "$SERVICE_USER" "$ETC_DIR"
if [[ -e "$ENV_FILE" ]]; then
  echo "keeping the existing $ENV_FILE"
else
  mqtt_url=""
  if [[ $with_mosquitto == yes ]]; then mqtt_url="mqtt://127.0.0.1:1883"; fi
  template="$(mktemp)"
  sed -e "s|^DEVICE_ID=.*|DEVICE_ID=$(hostname -s)|" -e "s|^MQTT_URL=.*|MQTT_URL=$mqtt_url|" \
    "$APP_DIR/deploy/shoptwin.env.example" >"$template"
  install -m 0640 -o root -g "$SERVICE_USER" "$template" "$ENV_FILE"
  rm -f "$template"
fi
install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_USER" "$STATE_DIR" "$BACKUP_DIR"

log "Installing the systemd units and the shoptwin command"
for unit in "${UNITS[@]}"; do
  install -m 0644 "$APP_DIR/deploy/$unit" "$UNIT_DIR/$unit"
done
install -m 0755 "$APP_DIR/deploy/shoptwin" /usr/local/bin/shoptwin
if [[ $kiosk == yes ]]; then
  if [[ -z "$kiosk_user" ]]; then kiosk_user="$(getent passwd 1000 | cut -d: -f1)"; fi
  [[ -n "$kiosk_user" ]] || die "no desktop user with uid 1000: pass --kiosk-user NAME or --no-kiosk"
  kiosk_uid="$(id -u "$kiosk_user")" || die "no such user: $kiosk_user"
  kiosk_home="$(getent passwd "$kiosk_user" | cut -d: -f6)"
  install -m 0644 "$APP_DIR/deploy/shoptwin-kiosk.service" "$UNIT_DIR/shoptwin-kiosk.service"
  install -m 0755 "$APP_DIR/deploy/shoptwin-chromium" /usr/local/bin/shoptwin-chromium
  install -d -m 0755 "$UNIT_DIR/shoptwin-kiosk.service.d"
  cat >"$UNIT_DIR/shoptwin-kiosk.service.d/user.conf" <<EOF
# Written by install-pi.sh: the desktop user whose graphical session shows the kiosk.
[Service]
User=$kiosk_user
Environment=XDG_RUNTIME_DIR=/run/user/$kiosk_uid
Environment=XAUTHORITY=$kiosk_home/.Xauthority
EOF
fi

if [[ -d /run/systemd/system ]]; then
  log "Enabling and (re)starting the services"
  systemctl daemon-reload
  if [[ $with_mosquitto == yes ]]; then systemctl enable --now mosquitto.service; fi
  systemctl enable shoptwin.service shoptwin-backup.timer
  systemctl restart shoptwin.service
  systemctl start shoptwin-backup.timer
  if [[ $kiosk == yes ]]; then
    systemctl enable shoptwin-kiosk.service
    if systemctl is-active --quiet graphical.target; then
      systemctl restart shoptwin-kiosk.service
    fi
  elif [[ -e "$UNIT_DIR/shoptwin-kiosk.service" ]]; then
    systemctl disable --now shoptwin-kiosk.service
  fi
else
  echo "systemd is not running here: enable the units once it is" >&2
fi

address="$(hostname -I 2>/dev/null | cut -d' ' -f1)"
cat <<EOF

ShopTwin is installed in $APP_DIR and listens on port 8000.
Next steps:
  1. Create the first admin: open http://${address:-<pi>}:8000/setup in a browser,
     or run: sudo shoptwin users create NAME --role admin
  2. Review $ENV_FILE, then: sudo systemctl restart shoptwin
  3. Logs: journalctl -u shoptwin -f    Health: curl http://127.0.0.1:8000/healthz
  4. Backups run daily into $BACKUP_DIR (systemctl list-timers shoptwin-backup.timer).
EOF
if [[ $kiosk == yes ]]; then
  echo "  5. For the kiosk screen, boot to the desktop with autologin:" \
    "sudo raspi-config nonint do_boot_behaviour B4"
fi
