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
# tsc never deletes what it once wrote: drop the output of sources removed or renamed since, or
# `npm test` (which runs every compiled test file) would run tests that no longer exist.
find dist/src dist/test dist/bench -name '*.js' 2>/dev/null | while read -r js; do
  source="${js#dist/}"
  [ -f "${source%.js}.ts" ] || rm -f "$js" "$js.map"
done
if [ -f dist/src/worker/build-workflow-bundle.js ]; then
  node dist/src/worker/build-workflow-bundle.js
fi
touch "$stamp"
