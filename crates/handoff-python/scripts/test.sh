#!/usr/bin/env bash
# Builds the wheel, installs it into a virtual environment under target/
# with the pinned test dependencies (tests/requirements.txt), and runs the
# package's tests against the installed wheel, not the source tree.
# Idempotent: the environment is made again when the requirements change,
# and the wheel is always reinstalled.
#
#   PYTHON   the Python to build and test with (default: python3)
#   MATURIN  the maturin to build with (default: maturin on PATH)
set -euo pipefail
crate="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$crate/../.." && pwd)"
python="${PYTHON:-python3}"
maturin="${MATURIN:-maturin}"
work="$root/target/handoff-python"
venv="$work/venv"
requirements="$crate/tests/requirements.txt"

# Its own target directory: this runs inside `cargo test`, which may hold
# the lock on the workspace's.
rm -rf "$work/wheels"
start=$(date +%s)
# No --strip: pyproject.toml strips, as for anyone who builds the wheel.
"$maturin" build --release --locked --quiet \
  --manifest-path "$crate/Cargo.toml" --interpreter "$python" \
  --target-dir "$work/cargo" --out "$work/wheels"
echo "wheel built in $(($(date +%s) - start)) s"
wheel=$(ls "$work"/wheels/*.whl)

if ! cmp -s "$requirements" "$venv/requirements.txt"; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/requirements.txt"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"

# From inside the environment, so no directory of the source is on sys.path.
cd "$venv"
exec "$venv/bin/python" -m pytest "$crate/tests" -p no:cacheprovider -q "$@"
