#!/usr/bin/env bash
# Compiles TypeScript into dist/ and pre-bundles the workflow code, skipping both when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=dist/.build-stamp
if [ -f "$stamp" ] && [ -z "$(find src test bench tsconfig.json package-lock.json -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  exit 0
fi
echo "Building..." >&2
npx --no-install tsc -p .
if [ -f dist/src/worker/build-workflow-bundle.js ]; then
  node dist/src/worker/build-workflow-bundle.js
fi
touch "$stamp"
