"""Offline-first replicas: a local SQLite store per PC kept in sync with the centre's PostgreSQL."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TypeGuard

if TYPE_CHECKING:
    from counter_app.adapters.sync.replica import ReplicaStore


def is_replica(store: Any) -> TypeGuard[ReplicaStore]:
    """Whether ``store`` is this PC's replica, without importing the replica module (and the
    repositories it loads) on PCs that never opened one."""
    module = sys.modules.get("counter_app.adapters.sync.replica")
    return module is not None and isinstance(store, module.ReplicaStore)
