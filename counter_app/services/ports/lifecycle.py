"""Port for the dossier lifecycle feature's persistence (filled in by that feature)."""

from __future__ import annotations

from typing import Protocol


class LifecycleRepository(Protocol):
    """Persistence the lifecycle services need (transitions, worklists, ratings, lookup log)."""
