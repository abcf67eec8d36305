#!/usr/bin/env bash
# Builds @handoff/rules and runs its tests against the built package:
# the pinned npm packages (package-lock.json), the native addon in release
# mode, the TypeScript types, then node's test runner. Run by tests/node_package.rs and CI.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund --loglevel=error
npx napi build --platform --release
# index.js and index.d.ts are committed as napi generates them: a change to
# the Rust API must come with them.
if git rev-parse --git-dir >/dev/null 2>&1 &&
  ! git diff --exit-code -- index.js index.d.ts; then
  echo "index.js or index.d.ts changed when built: commit them" >&2
  exit 1
fi
# The TypeScript types, with the AI SDK's, as docs/runtime.md uses them.
npx tsc -p test
node --test test/*.test.mjs
