"""Ports for digitised documents: the content-addressed file store and a scanner's inbox folder."""

from __future__ import annotations

from typing import Protocol


class FileStore(Protocol):
    """Keeps file bodies by their SHA-256 under the data directory."""

    def put(self, sha256: str, suffix: str, data: bytes) -> str:
        """Store ``data`` (idempotent) and return its path relative to the store's root."""
        ...


class ScanInbox(Protocol):
    """A folder a network scanner writes into."""

    def pending(self) -> list[str]:
        """Names of the scans waiting, oldest first."""
        ...

    def read(self, name: str) -> bytes:
        """The body of one scan."""
        ...

    def remove(self, name: str) -> None:
        """Delete a scan once it is stored."""
        ...
