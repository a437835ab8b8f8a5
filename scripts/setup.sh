#!/usr/bin/env bash
# Installs everything Morpheus needs, idempotently: npm packages (only when package-lock.json changed),
# the TypeScript build (only when sources changed), a Temporal CLI binary (only when none is found) and
# Debian's chromium for the Web UI browser test (only when missing, and only as root with apt).
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

bash scripts/build.sh
node dist/src/devserver/install-temporal-cli.js
bash scripts/install-chromium.sh
