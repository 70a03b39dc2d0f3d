#!/usr/bin/env bash
# Install everything the tests need (system packages included), then lint, type-check and run the
# whole suite offscreen. The suite starts its own PostgreSQL on 127.0.0.1 and stops it afterwards.
# Then builds the Windows installer (--fast) and smoke-tests it under Wine (installer/README.md);
# COUNTER_APP_SKIP_WINDOWS=1 leaves that out of a quick local run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh test
bash scripts/python-env.sh test
export QT_QPA_PLATFORM=offscreen
echo "== ruff"; .venv/bin/ruff check counter_app tests bench scripts
echo "== mypy"; .venv/bin/mypy
echo "== pytest"; .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
if [ "${COUNTER_APP_SKIP_WINDOWS:-0}" != 1 ]; then
  echo "== windows installer"
  bash installer/build-windows.sh --fast
  version=$(.venv/bin/python -c 'import counter_app; print(counter_app.__version__)')
  bash installer/smoke-windows.sh "dist/counter-app-$version-setup.exe"
fi
