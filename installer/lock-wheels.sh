#!/usr/bin/env bash
# Regenerate installer/wheels-win_amd64.lock: every runtime dependency of counter_app (pyproject.toml)
# resolved for 64-bit Windows, CPython 3.13 (the embedded Python the installer ships), as exact
# versions with their sha256 hashes. build-windows.sh installs exactly these files and nothing else.
# Run it whenever pyproject's dependencies change, then commit the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || { bash scripts/python-env.sh; PY=.venv/bin/python; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The runtime dependencies pyproject declares for Windows (markers evaluated for Windows).
"$PY" installer/lockfile.py requirements > "$work/requirements.txt"
# pip evaluates markers for Linux: add what Windows alone needs and resolve again (lockfile.py).
for _ in 1 2 3; do
  "$PY" -m pip install --quiet --dry-run --ignore-installed --report "$work/report.json" \
    --target "$work/target" --only-binary=:all: --platform win_amd64 --python-version 3.13 \
    --implementation cp --abi cp313 --abi abi3 --abi none -r "$work/requirements.txt"
  rc=0
  "$PY" installer/lockfile.py write "$work/report.json" "$work/requirements.txt" \
    installer/wheels-win_amd64.lock > "$work/missing.txt" || rc=$?
  [ "$rc" -eq 3 ] || break
  echo "Windows-only: $(tr '\n' ' ' < "$work/missing.txt")"
  cat "$work/missing.txt" >> "$work/requirements.txt"
done
[ "$rc" -eq 0 ] || { echo "lock-wheels: failed (rc=$rc)" >&2; exit 1; }
echo "installer/wheels-win_amd64.lock: $(grep -c '^[a-z0-9]' installer/wheels-win_amd64.lock) wheels"
