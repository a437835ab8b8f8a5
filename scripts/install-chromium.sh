#!/usr/bin/env bash
# Makes Debian's chromium available for the Web UI browser test (test/integration/webui), idempotently:
# nothing to do when /usr/bin/chromium exists; installs it with apt when this machine allows it (root and
# apt-get); otherwise says how, without failing the setup. The test itself fails, naming the reason, when
# the browser is missing. Playwright never downloads a browser here.
set -euo pipefail

chromium=/usr/bin/chromium
if [ -x "$chromium" ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is not installed and this setup cannot install it (needs root and apt-get);" \
    "the Web UI browser test will fail until it is: sudo apt-get install chromium" >&2
  exit 0
fi
echo "Installing Debian's chromium for the Web UI browser test (first run only)..." >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; }; then
  echo "Installing chromium with apt-get failed; the Web UI browser test will fail until $chromium exists" >&2
  exit 0
fi
echo "Chromium: $("$chromium" --version 2>/dev/null || echo "$chromium")" >&2
