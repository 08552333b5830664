#!/bin/sh
# Re-create static/vendor/ (except swagger-ui/) from the npm registry at pinned versions.
# Needs npm and tar; nothing is installed into the repository (no node_modules).
set -eu

SOCKET_IO_CLIENT=4.8.4
ECHARTS=6.1.0

root=$(cd "$(dirname "$0")/.." && pwd)
vendor="$root/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fetch PACKAGE VERSION: download the package tarball and unpack it into $work/PACKAGE.
fetch() {
    (cd "$work" && npm pack --silent "$1@$2" >/dev/null)
    mkdir -p "$work/$1"
    tar -xzf "$work/$1-$2.tgz" -C "$work/$1" --strip-components=1
}

fetch socket.io-client "$SOCKET_IO_CLIENT"
mkdir -p "$vendor/socket.io"
cp "$work/socket.io-client/dist/socket.io.min.js" "$vendor/socket.io/"
cp "$work/socket.io-client/dist/socket.io.min.js.map" "$vendor/socket.io/"
cp "$work/socket.io-client/LICENSE" "$vendor/socket.io/LICENSE"

fetch echarts "$ECHARTS"
mkdir -p "$vendor/echarts"
cp "$work/echarts/dist/echarts.min.js" "$vendor/echarts/"
cp "$work/echarts/LICENSE" "$vendor/echarts/LICENSE"
cp "$work/echarts/NOTICE" "$vendor/echarts/NOTICE"
cp "$work/echarts/licenses/LICENSE-d3" "$vendor/echarts/LICENSE-d3"

echo "vendored socket.io-client $SOCKET_IO_CLIENT and echarts $ECHARTS into $vendor"
