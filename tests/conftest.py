"""Suite-wide test setup: Qt runs offscreen; database fixtures live in tests/db_fixtures.py."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COUNTER_APP_NODE", "test-node")

pytest_plugins = ["tests.db_fixtures"]
