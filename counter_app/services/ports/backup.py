"""Ports for backup and restore: the backend's dump tool, the backup folder, the open windows."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from counter_app.domain.errors import DomainError


@dataclass(frozen=True)
class BackupInfo:
    """A checked backup file and what it holds."""

    path: Path
    created_at: dt.datetime
    backend: str  # "sqlite" | "postgresql"
    size: int
    revision: str
    kind: str  # "manual" | "daily" | "pre-restore"


class RestoreNotStarted(DomainError):
    """The restore stopped before changing anything (the live store is as it was)."""


class BackupEngine(Protocol):
    """Makes, checks and restores consistent copies of one store."""

    backend: str
    suffix: str

    def dump(self, target: Path) -> None:
        """Write a consistent copy of the live store to ``target``."""
        ...

    def check(self, path: Path) -> str:
        """Check a copy (integrity, readable); return its schema revision or raise DomainError."""
        ...

    def restore(self, path: Path) -> None:
        """Replace the live store's content with the checked copy ``path``.

        Raises :class:`RestoreNotStarted` when it stopped before changing anything.
        """
        ...


class BackupFolder(Protocol):
    """Where backups live, with one metadata file per checked backup."""

    directory: Path

    def new_path(self, directory: Path, kind: str, suffix: str, at: dt.datetime) -> Path:
        """Return a fresh file name for a backup made at ``at``."""
        ...

    def record(self, info: BackupInfo) -> None:
        """Note a checked backup (its metadata) and restrict its permissions."""
        ...

    def read(self, path: Path) -> BackupInfo | None:
        """Return the metadata of a backup file, or None when it was never checked."""
        ...

    def list(self) -> list[BackupInfo]:
        """Return the checked backups of the default directory, newest first."""
        ...

    def remove(self, info: BackupInfo) -> None:
        """Delete a backup and its metadata."""
        ...

    def exclusive(self) -> AbstractContextManager[bool]:
        """Hold the folder's lock for a backup job; yields False when another process has it."""
        ...


class WindowRegistry(Protocol):
    """The windows (processes) of this PC that hold the store open."""

    def others(self) -> list[str]:
        """Return a label for every other live window, e.g. ``"kiosk (pid 4121)"``."""
        ...
