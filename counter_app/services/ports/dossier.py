"""Port for the dossier feature's persistence (filled in by that feature)."""

from __future__ import annotations

from typing import Protocol


class DossierRepository(Protocol):
    """Persistence the dossier services need."""
