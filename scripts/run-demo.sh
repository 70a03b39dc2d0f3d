#!/usr/bin/env bash
# Install counter_app and start it on the embedded SQLite store with demo data (first run creates it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh run
bash scripts/python-env.sh
exec .venv/bin/counter-app "$@"
