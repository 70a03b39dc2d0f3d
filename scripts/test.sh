#!/usr/bin/env bash
# Install everything the tests need (system packages included), then lint, type-check and run the
# whole suite offscreen. The suite starts its own PostgreSQL on 127.0.0.1 and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh test
bash scripts/python-env.sh test
export QT_QPA_PLATFORM=offscreen
echo "== ruff"; .venv/bin/ruff check counter_app tests bench scripts
echo "== mypy"; .venv/bin/mypy
echo "== pytest"; .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
