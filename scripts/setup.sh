#!/usr/bin/env bash
# Installs everything Morpheus needs, idempotently: npm packages (only when package-lock.json changed),
# the TypeScript build (only when sources changed), a Temporal CLI binary (only when none is found),
# Debian's chromium for the Web UI browser test and, for the MQTT tests, the Mosquitto broker (each only
# when missing, and only as root with apt).
# A second run takes well under a second.
set -euo pipefail
cd "$(dirname "$0")/.."

need_node="20.18.1"
have_node=$(node -p 'process.versions.node' 2>/dev/null || echo "0")
if [ "$(printf '%s\n%s\n' "$need_node" "$have_node" | sort -V | head -n1)" != "$need_node" ]; then
  echo "Morpheus needs Node.js >= $need_node (found: $have_node)" >&2
  exit 1
fi

stamp=node_modules/.morpheus-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing npm packages..." >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

# The Home Assistant tests run a real Mosquitto broker (Debian package `mosquitto`); they fail, saying
# how to install it, when it is missing.
if ! command -v mosquitto >/dev/null 2>&1 && [ ! -x /usr/sbin/mosquitto ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing mosquitto (for the MQTT tests)..." >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mosquitto >/dev/null
  else
    echo "note: the MQTT tests need the mosquitto broker; install it with: sudo apt-get install mosquitto" >&2
  fi
fi

bash scripts/build.sh
node dist/src/devserver/install-temporal-cli.js
bash scripts/install-chromium.sh
