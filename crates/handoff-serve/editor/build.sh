#!/usr/bin/env bash
# Bundles the workbench's editor into ../page/editor.js, which the binary
# embeds (or into $EDITOR_OUT, for the test that compares the two). Run
# after changing main.js or a dependency: `bash build.sh`.
set -euo pipefail
[ -z "${EDITOR_OUT:-}" ] || EDITOR_OUT=$(realpath -m "$EDITOR_OUT")
cd "$(dirname "$0")"
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
npx esbuild main.js --bundle --minify --format=iife --global-name=HandoffEditor \
  --legal-comments=eof --target=es2020 --outfile="${EDITOR_OUT:-../page/editor.js}"
