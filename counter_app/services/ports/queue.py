"""Port for the queue feature's persistence (filled in by that feature)."""

from __future__ import annotations

from typing import Protocol


class QueueRepository(Protocol):
    """Persistence the queue services need."""
