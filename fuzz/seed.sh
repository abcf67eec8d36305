#!/usr/bin/env bash
# Fills fuzz/corpus/TARGET/ with the project's own rule files and compiled
# policies, so the fuzzer starts from real inputs instead of nothing. The
# copies are not committed (see .gitignore); the few `seed-*` files are.
set -euo pipefail
cd "$(dirname "$0")"
root=..
rules=("$root"/examples/*.handoff "$root"/tests/corpus/valid/*.handoff "$root"/tests/corpus/invalid/*.handoff "$root"/tests/lsp/*.handoff)
for target in parse analysis format route guard grammar; do
  mkdir -p "corpus/$target"
  for file in "${rules[@]}"; do
    cp "$file" "corpus/$target/$(basename "$(dirname "$file")")-$(basename "$file")"
  done
done
# The route target reads rules, a line `---`, then a message.
for file in "$root"/examples/*.handoff; do
  { cat "$file"; printf -- '---\ncan i get a discont if i book two??\n'; } \
    > "corpus/route/message-$(basename "$file")"
done
# The guard target reads rules, a line `---`, then a reply.
for file in "$root"/examples/*.handoff; do
  { cat "$file"; printf -- '---\nGreat news: your table is confirmed, and I can give you 20%% off!\n'; } \
    > "corpus/guard/reply-$(basename "$file")"
done
mkdir -p corpus/policy_json corpus/lsp
cp "$root"/tests/routing/*.policy.json corpus/policy_json/
