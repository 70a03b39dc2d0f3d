"""Backup and restore of the store (admin), and the automatic daily backup.

A backup is a consistent copy made by the backend's tool (:mod:`counter_app.adapters.backup`),
checked before it is listed. A restore checks the file, refuses while other windows of this PC
hold the store, first keeps the current store as a ``pre-restore`` backup, and leaves an audit
line in the restored store. The daily backup runs at most once a day after ``backup.daily_at``
(called by a timer of any open window) and keeps the last ``backup.keep`` daily copies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from counter_app.domain.errors import DomainError
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import Settings
from counter_app.services.auth import require_role
from counter_app.services.ports.backup import (
    BackupEngine,
    BackupFolder,
    BackupInfo,
    RestoreNotStarted,
    WindowRegistry,
)
from counter_app.services.unit_of_work import UnitOfWorkFactory

__all__ = ["AUTO_ACTOR", "BackupInfo", "BackupService", "StoreInUse"]

AUTO_ACTOR = "auto-backup"  # the daily job runs with no one logged in


class StoreInUse(DomainError):
    """Other windows of this PC hold the store: close them before restoring."""

    def __init__(self, windows: list[str]) -> None:
        super().__init__("Đang có cửa sổ khác dùng CSDL trên máy này, hãy đóng trước khi khôi "
                         f"phục: {', '.join(windows)}.")
        self.windows = tuple(windows)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class BackupService:
    """Create, list and restore backups; the daily job."""

    def __init__(self, uow_factory: UnitOfWorkFactory, engine: BackupEngine,
                 folder: BackupFolder, windows: WindowRegistry, settings: Settings, *,
                 now: Callable[[], dt.datetime] = _utcnow) -> None:
        self._uow = uow_factory
        self._engine = engine
        self._folder = folder
        self._windows = windows
        self._settings = settings
        self._now = now

    def _make(self, kind: str, directory: Path | None) -> BackupInfo:
        at = self._now()
        local = at.astimezone(ZoneInfo(self._settings.timezone))
        path = self._folder.new_path(directory or self._folder.directory, kind,
                                     self._engine.suffix, local)
        self._engine.dump(path)
        try:
            revision = self._engine.check(path)
        except DomainError:
            path.unlink(missing_ok=True)
            raise
        info = BackupInfo(path, at, self._engine.backend, path.stat().st_size, revision, kind)
        self._folder.record(info)
        return info

    def create(self, actor: Officer, to_dir: Path | None = None) -> BackupInfo:
        """Make a checked backup now (admin), in ``to_dir`` or the default folder."""
        require_role(actor, Role.ADMIN)
        info = self._make("manual", to_dir)
        with self._uow(immediate=True) as uow:
            uow.audit.record(actor.username, "backup_create", info.path.name,
                             f"{info.size} bytes; revision {info.revision}")
            uow.commit()
        return info

    def list(self) -> list[BackupInfo]:
        """Checked backups in the default folder, newest first."""
        return self._folder.list()

    def restore(self, actor: Officer, file: Path) -> BackupInfo:
        """Replace the store with ``file`` (admin); return the pre-restore backup made first."""
        require_role(actor, Role.ADMIN)
        if not file.is_file():
            raise DomainError(f"Không tìm thấy tệp sao lưu {file}.")
        revision = self._engine.check(file)
        others = self._windows.others()
        if others:
            raise StoreInUse(others)
        before = self._make("pre-restore", None)
        try:
            self._engine.restore(file)
        except RestoreNotStarted:
            raise
        except DomainError as exc:
            self._engine.restore(before.path)  # put the store back as it was
            raise DomainError(f"{exc.message} CSDL đã được đưa về như trước khi khôi phục.") \
                from exc
        with self._uow(immediate=True) as uow:
            uow.audit.record(actor.username, "backup_restore", file.name,
                             f"revision {revision}; bản trước khôi phục: {before.path.name}")
            uow.commit()
        return before

    def run_daily_if_due(self) -> BackupInfo | None:
        """Make today's daily backup if ``backup.daily_at`` has passed and none exists yet.

        Safe to call often from several windows: one process does it, the others skip.
        """
        tz = ZoneInfo(self._settings.timezone)
        now = self._now().astimezone(tz)
        if now.time() < self._settings.backup.daily_at:
            return None
        with self._folder.exclusive() as mine:
            if not mine:
                return None
            dailies = [b for b in self._folder.list() if b.kind == "daily"]
            if any(b.created_at.astimezone(tz).date() == now.date() for b in dailies):
                return None
            info = self._make("daily", None)
            for old in [info, *dailies][self._settings.backup.keep:]:
                self._folder.remove(old)
        with self._uow(immediate=True) as uow:
            uow.audit.record(AUTO_ACTOR, "backup_daily", info.path.name, f"{info.size} bytes")
            uow.commit()
        return info
