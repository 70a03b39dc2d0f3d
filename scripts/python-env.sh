#!/usr/bin/env bash
# Create .venv (if needed) and install counter_app into it. Usage: python-env.sh [extras]
# The install is editable, so code changes need no reinstall: pip runs only when pyproject.toml,
# the extras or the Python version changed since the last install (stamp in .venv/).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.counter-app-install
want="$(sha256sum pyproject.toml | cut -d' ' -f1) extras=${1:-} $(.venv/bin/python --version 2>&1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x .venv/bin/counter-app ]; then
  exit 0
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ -n "${1:-}" ]; then
  .venv/bin/python -m pip install -q -e ".[$1]"
else
  .venv/bin/python -m pip install -q -e .
fi
echo "$want" > "$stamp"
